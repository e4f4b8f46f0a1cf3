using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Conference.Contracts;
using Conference.Translation.Demand;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Translation.Tests;

/// <summary>The HTTP API: glossary, reviewed translations, translation status and interpretation demand.</summary>
public sealed class TranslationApiTests(TranslationApi api) : IClassFixture<TranslationApi>
{
    [Fact]
    public async Task The_glossary_is_seeded_with_the_forum_terms()
    {
        var glossary = await api.Client().GetFromJsonAsync<JsonElement>("/api/v1/glossary");

        var entries = glossary.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("terms")).ToList();
        Assert.Equal(12, entries.Count);
        Assert.Contains(entries, t => t.GetProperty("fr").GetString() == "DEL" && t.GetProperty("en").GetString() == "LED");
        Assert.Contains(entries, t => t.GetProperty("es").GetString() == "Objetivos de Desarrollo Sostenible");
    }

    [Fact]
    public async Task Changing_the_glossary_needs_a_partner_and_valid_entries()
    {
        var anonymous = await api.Client().PutAsJsonAsync("/api/v1/glossary", new { entries = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var invalid = await api.Client("OIT").PutAsJsonAsync("/api/v1/glossary", new
        {
            entries = new object[] { new { terms = new Dictionary<string, string> { ["fr"] = "seul" } }, new { terms = new Dictionary<string, string> { ["fr"] = " ", ["english"] = "x" } } },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("entries[0].terms", out _));
        Assert.True(errors.TryGetProperty("entries[1].terms.english", out _));
        Assert.Equal(12, (await api.Client().GetFromJsonAsync<JsonElement>("/api/v1/glossary")).GetProperty("entries").GetArrayLength());

        var badJson = await api.Client("OIT").PutAsync("/api/v1/glossary", new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        Assert.Equal("application/problem+json", badJson.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_review_by_an_organiser_is_kept_when_another_field_is_edited_and_only_that_field_is_redone()
    {
        var session = SessionCard.Snapshot();
        await api.ApplyAsync(session, DateTimeOffset.UtcNow.AddMinutes(-1));
        await api.WaitTranslatedAsync(session.SessionId);

        var forbidden = await api.Client("ACME").PutAsJsonAsync($"/api/v1/sessions/{session.SessionId}/translations/en", new { title = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("application/problem+json", forbidden.Content.Headers.ContentType?.MediaType);

        const string reviewedTitle = "Social innovation, local communities and inclusive and sustainable development: community enterprises, the future of work, LED and the green economy.";
        var review = await api.Client("ADEC").PutAsJsonAsync($"/api/v1/sessions/{session.SessionId}/translations/en", new { title = reviewedTitle });
        Assert.Equal(HttpStatusCode.OK, review.StatusCode);
        var reviewed = await review.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("reviewed", reviewed.GetProperty("fields").GetProperty("title").GetProperty("origin").GetString());
        Assert.Equal("machine", reviewed.GetProperty("fields").GetProperty("summary").GetProperty("origin").GetString());

        var newObjectives = SessionCard.Objectives + " Elle présente aussi des expériences locales.";
        await api.ApplyAsync(SessionCard.Snapshot(session.SessionId, objectives: newObjectives));
        await api.WaitTranslatedAsync(session.SessionId);

        var events = await api.TranslatedEventsAsync(session.SessionId);
        var english = events.Where(e => e.Language == "en").ToList();
        Assert.Equal(3, english.Count);
        Assert.Equal(("reviewed", null), (english[1].Origin, english[1].Engine));
        Assert.Equal(["title"], english[1].Fields.Keys);
        Assert.Equal(("machine", "apertium"), (english[2].Origin, english[2].Engine));
        Assert.Equal(["objectives"], english[2].Fields.Keys);
        Assert.Contains("local experiences", english[2].Fields["objectives"]);

        var state = await api.Client().GetFromJsonAsync<JsonElement>($"/api/v1/sessions/{session.SessionId}/translations");
        var en = state.GetProperty("languages").GetProperty("en");
        Assert.Equal("done", en.GetProperty("status").GetString());
        Assert.Equal(reviewedTitle, en.GetProperty("fields").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("reviewed", en.GetProperty("fields").GetProperty("title").GetProperty("origin").GetString());
    }

    [Fact]
    public async Task A_reviewed_segment_is_reused_verbatim_for_another_session()
    {
        var first = SessionCard.Snapshot();
        await api.ApplyAsync(first);
        await api.WaitTranslatedAsync(first.SessionId);
        const string reviewedTitle = "Social innovation and local communities (reviewed)";
        var review = await api.Client("OIT").PutAsJsonAsync($"/api/v1/sessions/{first.SessionId}/translations/en", new { title = reviewedTitle });
        Assert.Equal(HttpStatusCode.OK, review.StatusCode);

        var second = SessionCard.Snapshot();
        await api.ApplyAsync(second);
        await api.WaitTranslatedAsync(second.SessionId);

        var english = (await api.TranslatedEventsAsync(second.SessionId)).Single(e => e.Language == "en");
        Assert.Equal("machine", english.Origin);
        Assert.Equal(reviewedTitle, english.Fields["title"]);
    }

    [Fact]
    public async Task A_review_with_wrong_language_or_no_field_is_rejected_with_every_problem()
    {
        var session = SessionCard.Snapshot();
        await api.ApplyAsync(session);

        var wrong = await api.Client("OIT").PutAsJsonAsync($"/api/v1/sessions/{session.SessionId}/translations/fr", new { discussionPoints = "x" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        var errors = (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("language", out _));
        Assert.True(errors.TryGetProperty("discussionPoints", out _));

        var empty = await api.Client("OIT").PutAsJsonAsync($"/api/v1/sessions/{session.SessionId}/translations/es", new { });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);

        var unknown = await api.Client("OIT").PutAsJsonAsync($"/api/v1/sessions/{Guid.NewGuid()}/translations/es", new { title = "x" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Interpretation_demand_counts_confirmed_attendees_per_language_for_organisers()
    {
        var session = SessionCard.Snapshot();
        await api.ApplyAsync(session);
        var t0 = DateTimeOffset.UtcNow;
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Data.TranslationDbContext>();
            Attendee A(string language) => new(Guid.NewGuid(), session.SessionId, "N", "n@example.org", language, "Europe/Paris", "t");
            var cancelled = A("en");
            foreach (var attendee in new[] { A("fr"), A("fr"), A("fr"), A("es"), A("es"), A("en"), cancelled })
            {
                await AttendeeLanguages.ApplyAsync(db, attendee, true, t0, default);
            }
            await db.SaveChangesAsync();
            await AttendeeLanguages.ApplyAsync(db, cancelled, false, t0.AddSeconds(1), default);
            await db.SaveChangesAsync();
            // An older event delivered late changes nothing.
            await AttendeeLanguages.ApplyAsync(db, cancelled, true, t0, default);
            await db.SaveChangesAsync();
        }

        var demand = await api.Client("FAMSI").GetFromJsonAsync<JsonElement>($"/api/v1/sessions/{session.SessionId}/languages");

        Assert.Equal(session.SessionId, demand.GetProperty("sessionId").GetGuid());
        var counts = demand.GetProperty("demand");
        Assert.Equal((3, 2, 1), (counts.GetProperty("fr").GetInt32(), counts.GetProperty("es").GetInt32(), counts.GetProperty("en").GetInt32()));
        Assert.Equal(["es", "en"], demand.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await api.Client("ACME").GetAsync($"/api/v1/sessions/{session.SessionId}/languages")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Client().GetAsync($"/api/v1/sessions/{session.SessionId}/languages")).StatusCode);
    }
}
