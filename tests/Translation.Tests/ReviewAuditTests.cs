using System.Net;
using System.Net.Http.Json;
using Conference.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Conference.Translation.Tests;

/// <summary>A review stages PartnerActionRecorded with the texts before and after (issue 10: audit trail).</summary>
public sealed class ReviewAuditTests(TranslationApi api) : IClassFixture<TranslationApi>
{
    [Fact]
    public async Task A_review_records_the_reviewer_and_the_machine_text_it_replaced()
    {
        var session = SessionCard.Snapshot();
        await api.ApplyAsync(session, DateTimeOffset.UtcNow.AddMinutes(-1));
        await api.WaitTranslatedAsync(session.SessionId);
        var machineTitle = (await api.TranslatedEventsAsync(session.SessionId)).Single(e => e.Language == "en").Fields["title"];

        var review = await api.Client("ADEC").PutAsJsonAsync($"/api/v1/sessions/{session.SessionId}/translations/en", new { title = "Social innovation and local communities" });

        Assert.Equal(HttpStatusCode.OK, review.StatusCode);
        var rows = await api.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.MessageType == "Conference.Contracts.PartnerActionRecorded").Select(m => m.Payload).ToListAsync());
        var action = System.Text.Json.JsonDocument.Parse(Assert.Single(rows, p => p.Contains(session.SessionId.ToString(), StringComparison.Ordinal))).RootElement;
        Assert.Equal("review", action.GetProperty("action").GetString());
        Assert.Equal("ADEC", action.GetProperty("actor").GetProperty("organiser").GetString());
        Assert.Equal(machineTitle, action.GetProperty("before").GetProperty("title").GetProperty("en").GetString());
        Assert.Equal("Social innovation and local communities", action.GetProperty("after").GetProperty("title").GetProperty("en").GetString());
        Assert.Equal(["OIT", "ADEC", "FAMSI"], action.GetProperty("sessionOrganisers").EnumerateArray().Select(o => o.GetString()));
    }
}
