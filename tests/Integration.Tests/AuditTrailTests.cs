using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Conference.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Conference.Integration.Tests;

/// <summary>The audit trail: PartnerActionRecorded consumed from the real bus, served to organisers, append-only.</summary>
public sealed class AuditTrailTests(IntegrationApp app) : IClassFixture<IntegrationApp>
{
    private static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value, IntegrationApp.Json);

    /// <summary>The four actions Catalog records for the real card 3.2.2: import, edit, publish, reschedule (as its tests assert them).</summary>
    private static List<PartnerActionRecorded> RealCardJourney(Guid sessionId)
    {
        var actor = new PartnerActor("OIT", "oit");
        string[] organisers = ["OIT", "ADEC", "FAMSI"];
        var at = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds());
        return
        [
            new(Guid.CreateVersion7(), at, sessionId, actor, "import", null,
                Json(new { code = "3.2.2", status = "draft", format = "workshop", capacity = 160, platform = "Zoom", startsAt = "2021-06-01T17:05:00Z", endsAt = "2021-06-01T18:35:00Z" }), organisers),
            new(Guid.CreateVersion7(), at.AddSeconds(10), sessionId, actor, "edit", Json(new { platform = "Zoom" }), Json(new { platform = "Teams" }), organisers),
            new(Guid.CreateVersion7(), at.AddSeconds(20), sessionId, new PartnerActor("ADEC", "adec"), "publish", Json(new { status = "draft" }), Json(new { status = "published" }), organisers),
            new(Guid.CreateVersion7(), at.AddSeconds(30), sessionId, actor, "reschedule",
                Json(new { startsAt = "2021-06-01T17:05:00Z", endsAt = "2021-06-01T18:35:00Z" }), Json(new { startsAt = "2021-06-02T17:05:00Z", endsAt = "2021-06-02T18:35:00Z" }), organisers),
        ];
    }

    [Fact]
    public async Task The_real_cards_import_edit_publish_and_reschedule_are_served_to_its_organisers_with_actor_and_changed_values()
    {
        var sessionId = Guid.NewGuid();
        var journey = RealCardJourney(sessionId);
        // Published newest first: the trail is still told oldest first.
        foreach (var action in Enumerable.Reverse(journey))
        {
            await app.PublishAsync(action, action.EventId);
        }
        await IntegrationApp.EventuallyAsync(() => app.QueryAsync(db => db.Audit.CountAsync(a => a.SessionId == sessionId)), n => n == 4);

        var response = await app.Client("FAMSI").GetAsync($"/api/v1/sessions/{sessionId}/audit");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var audit = await response.Content.ReadFromJsonAsync<JsonElement>();
        var items = audit.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["import", "edit", "publish", "reschedule"], items.Select(i => i.GetProperty("action").GetString()));
        Assert.Equal(journey.Select(j => j.EventId), items.Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal(journey.Select(j => j.OccurredAt.UtcDateTime), items.Select(i => i.GetProperty("occurredAt").GetDateTime()));
        Assert.Equal(["oit", "oit", "adec", "oit"], items.Select(i => i.GetProperty("actor").GetProperty("clientId").GetString()));
        Assert.Equal(["OIT", "OIT", "ADEC", "OIT"], items.Select(i => i.GetProperty("actor").GetProperty("organiser").GetString()));
        Assert.Equal(JsonValueKind.Null, items[0].GetProperty("before").ValueKind);
        Assert.Equal("3.2.2", items[0].GetProperty("after").GetProperty("code").GetString());
        Assert.Equal(160, items[0].GetProperty("after").GetProperty("capacity").GetInt32());
        Assert.Equal("Zoom", items[1].GetProperty("before").GetProperty("platform").GetString());
        Assert.Equal("Teams", items[1].GetProperty("after").GetProperty("platform").GetString());
        Assert.Equal("published", items[2].GetProperty("after").GetProperty("status").GetString());
        Assert.Equal("2021-06-01T17:05:00Z", items[3].GetProperty("before").GetProperty("startsAt").GetString());
        Assert.Equal("2021-06-02T17:05:00Z", items[3].GetProperty("after").GetProperty("startsAt").GetString());
    }

    [Fact]
    public async Task A_partner_not_organising_the_session_is_refused_and_an_unknown_session_is_not_found()
    {
        var sessionId = Guid.NewGuid();
        var import = RealCardJourney(sessionId)[0];
        await app.PublishAsync(import, import.EventId);
        await IntegrationApp.EventuallyAsync(() => app.QueryAsync(db => db.Audit.AnyAsync(a => a.SessionId == sessionId)), seen => seen);

        var refused = await app.Client("UNDP").GetAsync($"/api/v1/sessions/{sessionId}/audit");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await app.Client("oit").GetAsync($"/api/v1/sessions/{sessionId}/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client("OIT").GetAsync($"/api/v1/sessions/{Guid.NewGuid()}/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client(null).GetAsync($"/api/v1/sessions/{sessionId}/audit")).StatusCode);
    }

    [Fact]
    public async Task The_audit_table_refuses_updates_and_deletions()
    {
        var sessionId = Guid.NewGuid();
        var import = RealCardJourney(sessionId)[0];
        await app.PublishAsync(import, import.EventId);
        await IntegrationApp.EventuallyAsync(() => app.QueryAsync(db => db.Audit.AnyAsync(a => a.SessionId == sessionId)), seen => seen);

        var update = await Record.ExceptionAsync(() => app.QueryAsync(db =>
            db.Database.ExecuteSqlAsync($"UPDATE audit_entries SET action = 'nothing' WHERE session_id = {sessionId}")));
        var delete = await Record.ExceptionAsync(() => app.QueryAsync(db =>
            db.Database.ExecuteSqlAsync($"DELETE FROM audit_entries WHERE session_id = {sessionId}")));
        var truncate = await Record.ExceptionAsync(() => app.QueryAsync(db => db.Database.ExecuteSqlAsync($"TRUNCATE audit_entries")));

        Assert.All(new[] { update, delete, truncate }, e => Assert.Contains("append-only", Assert.IsType<Npgsql.PostgresException>(e).MessageText));
        Assert.Equal("import", await app.QueryAsync(db => db.Audit.Where(a => a.SessionId == sessionId).Select(a => a.Action).SingleAsync()));
    }
}
