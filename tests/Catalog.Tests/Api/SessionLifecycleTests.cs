using System.Net;
using System.Text.Json;
using Conference.Catalog.Tests.Import;

namespace Conference.Catalog.Tests.Api;

public sealed class SessionLifecycleTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    private async Task<JsonElement> ImportAsync(string card, string organiser = "OIT", HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await app.Client(organiser).PostAsync("/api/v1/sessions/import", CatalogApp.Card(card));
        Assert.Equal(expected, response.StatusCode);
        return await response.JsonAsync();
    }

    private static string CardWithCode(string code) => Cards.RealFrench.Replace("Titre de la session 3.2.2 :", $"Titre de la session {code} :");

    [Fact]
    public async Task Importing_the_real_card_gives_the_draft_session_exactly()
    {
        var response = await app.Client("ADEC").PostAsync("/api/v1/sessions/import", CatalogApp.Card(Cards.RealFrench, "text/markdown"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var s = await response.JsonAsync();
        Assert.Equal($"/api/v1/sessions/{s.GetProperty("id").GetGuid()}", response.Headers.Location!.OriginalString);
        Assert.Equal("3.2.2", s.GetProperty("code").GetString());
        Assert.Equal("workshop", s.GetProperty("format").GetString());
        Assert.Equal("draft", s.GetProperty("status").GetString());
        Assert.Equal("fr", s.GetProperty("sourceLanguage").GetString());
        Assert.Equal(["en", "fr", "es"], s.GetProperty("languages").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("Innovation sociale, communautés locales, et développement inclusif et durable : entreprises communautaires, l'avenir du travail, DEL, et économie verte.",
            s.GetProperty("title").GetProperty("fr").GetString());
        Assert.Equal("3", s.GetProperty("thematicLine").GetProperty("code").GetString());
        Assert.StartsWith("L'avenir du travail", s.GetProperty("thematicLine").GetProperty("title").GetProperty("fr").GetString());
        Assert.Equal("3.2", s.GetProperty("subTheme").GetProperty("code").GetString());
        Assert.Equal("Représentation collective et dialogue social multi-niveaux", s.GetProperty("subTheme").GetProperty("title").GetProperty("fr").GetString());
        Assert.Equal(["OIT", "ADEC", "FAMSI"], s.GetProperty("organisers").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal("2021-06-01T17:05:00Z", s.GetProperty("startsAt").GetString());
        Assert.Equal("2021-06-01T18:35:00Z", s.GetProperty("endsAt").GetString());
        Assert.Equal(["UTC-03:00", "UTC+02:00"], s.GetProperty("referenceTimeZones").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal("Zoom", s.GetProperty("platform").GetString());
        Assert.Equal(160, s.GetProperty("capacity").GetInt32());
        Assert.True(s.GetProperty("registrationRequired").GetBoolean());
        Assert.StartsWith("La crise dévastatrice", s.GetProperty("summary").GetProperty("fr").GetString());
        Assert.StartsWith("Pour faire face", s.GetProperty("conceptualisation").GetProperty("fr").GetString());
        Assert.StartsWith("Cette session vise", s.GetProperty("objectives").GetProperty("fr").GetString());
        Assert.Equal("", s.GetProperty("discussionPoints").GetProperty("fr").GetString());
        var documents = s.GetProperty("documents").EnumerateArray().ToList();
        Assert.Equal(2, documents.Count);
        Assert.Equal("Observatoire du BIT : COVID-19 et le monde du travail. Septième édition", documents[0].GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Null, documents[0].GetProperty("url").ValueKind);
        Assert.Equal("source", s.GetProperty("translations").GetProperty("fr").GetProperty("origin").GetString());
    }

    [Fact]
    public async Task Publishing_an_imported_card_stages_one_SessionPublished_with_the_full_snapshot()
    {
        var session = await ImportAsync(CardWithCode("9.1.1"));
        var id = session.GetProperty("id").GetGuid();
        Assert.Empty(await app.OutboxAsync("SessionPublished", id));

        var client = app.Client("OIT");
        var published = await client.PostAsync($"/api/v1/sessions/{id}/publish", null);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal("published", (await published.JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/sessions/{id}/publish", null)).StatusCode);

        var evt = Assert.Single(await app.OutboxAsync("SessionPublished", id));
        var snapshot = evt.GetProperty("session");
        Assert.Equal(id, snapshot.GetProperty("sessionId").GetGuid());
        Assert.Equal("9.1.1", snapshot.GetProperty("code").GetString());
        Assert.Equal(160, snapshot.GetProperty("capacity").GetInt32());
        Assert.Equal([-180, 120], snapshot.GetProperty("referenceOffsets").EnumerateArray().Select(o => o.GetInt32()));
        Assert.Equal(["OIT", "ADEC", "FAMSI"], snapshot.GetProperty("organisers").EnumerateArray().Select(o => o.GetString()));
        Assert.StartsWith("Innovation sociale", snapshot.GetProperty("texts").GetProperty("title").GetProperty("fr").GetString());
        Assert.StartsWith("La crise", snapshot.GetProperty("texts").GetProperty("summary").GetProperty("fr").GetString());
        Assert.Equal(DateTimeOffset.Parse("2021-06-01T17:05:00Z"), snapshot.GetProperty("startsAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Rescheduling_a_published_session_raises_its_schedule_version_once()
    {
        var id = (await ImportAsync(CardWithCode("9.1.2"))).GetProperty("id").GetGuid();
        var client = app.Client("FAMSI");
        await client.PostAsync($"/api/v1/sessions/{id}/publish", null);

        var bad = await client.PostAsync($"/api/v1/sessions/{id}/reschedule", CatalogApp.Json(new { startsAt = "2030-06-01T18:00:00Z", endsAt = "2030-06-01T17:00:00Z" }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.True((await bad.JsonAsync()).GetProperty("errors").TryGetProperty("endsAt", out _));

        var moved = await client.PostAsync($"/api/v1/sessions/{id}/reschedule", CatalogApp.Json(new { startsAt = "2030-06-01T17:00:00Z", endsAt = "2030-06-01T18:30:00Z" }));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var body = await moved.JsonAsync();
        Assert.Equal("2030-06-01T17:00:00Z", body.GetProperty("startsAt").GetString());
        Assert.Equal(1, body.GetProperty("scheduleVersion").GetInt32());

        var evt = Assert.Single(await app.OutboxAsync("SessionRescheduled", id));
        Assert.Equal(1, evt.GetProperty("scheduleVersion").GetInt32());
        Assert.Equal(DateTimeOffset.Parse("2030-06-01T18:30:00Z"), evt.GetProperty("endsAt").GetDateTimeOffset());
        Assert.Empty(await app.OutboxAsync("SessionUpdated", id));
    }

    [Fact]
    public async Task Patching_a_published_session_emits_SessionUpdated_with_the_changed_fields()
    {
        var id = (await ImportAsync(CardWithCode("9.1.3"))).GetProperty("id").GetGuid();
        var client = app.Client("OIT");
        await client.PostAsync($"/api/v1/sessions/{id}/publish", null);

        var patched = await client.PatchAsync($"/api/v1/sessions/{id}", CatalogApp.Json(new { platform = "Teams", joinUrl = "https://zoom.example/j/123" }));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("https://zoom.example/j/123", (await patched.JsonAsync()).GetProperty("joinUrl").GetString());

        var evt = Assert.Single(await app.OutboxAsync("SessionUpdated", id));
        Assert.Equal(["platform", "joinUrl"], evt.GetProperty("changedFields").EnumerateArray().Select(f => f.GetString()).Order().Reverse());
        Assert.Equal("Teams", evt.GetProperty("session").GetProperty("platform").GetString());

        var publicRead = await app.Client(null).GetAsync($"/api/v1/sessions/{id}");
        Assert.False((await publicRead.JsonAsync()).TryGetProperty("joinUrl", out _));

        var capacity = await client.PatchAsync($"/api/v1/sessions/{id}", CatalogApp.Json(new { capacity = 200 }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, capacity.StatusCode);
        Assert.Contains("/capacity", (await capacity.JsonAsync()).GetProperty("errors").GetProperty("capacity")[0].GetString());
    }

    [Fact]
    public async Task A_draft_capacity_is_a_whole_number_of_seats_from_1_to_1000000()
    {
        var id = (await ImportAsync(CardWithCode("9.6.1"))).GetProperty("id").GetGuid();
        var client = app.Client("OIT");

        foreach (var seats in new[] { 0, 1_000_001 })
        {
            var refused = await client.PatchAsync($"/api/v1/sessions/{id}", CatalogApp.Json(new { capacity = seats }));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Equal(["Capacity is a whole number of seats from 1 to 1000000."],
                (await refused.JsonAsync()).GetProperty("errors").GetProperty("capacity").EnumerateArray().Select(m => m.GetString()));
        }
        var most = await client.PatchAsync($"/api/v1/sessions/{id}", CatalogApp.Json(new { capacity = 1_000_000 }));
        Assert.Equal(HttpStatusCode.OK, most.StatusCode);
        Assert.Equal(1_000_000, (await most.JsonAsync()).GetProperty("capacity").GetInt32());
    }

    [Fact]
    public async Task Cancelling_a_published_session_emits_SessionCancelled_once()
    {
        var id = (await ImportAsync(CardWithCode("9.1.4"))).GetProperty("id").GetGuid();
        var client = app.Client("OIT");
        await client.PostAsync($"/api/v1/sessions/{id}/publish", null);
        var cancelled = await client.PostAsync($"/api/v1/sessions/{id}/cancel", CatalogApp.Json(new { reason = "Speaker unavailable" }));
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (await cancelled.JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/sessions/{id}/cancel", CatalogApp.Json(new { reason = "again" }))).StatusCode);

        var evt = Assert.Single(await app.OutboxAsync("SessionCancelled", id));
        Assert.Equal("Speaker unavailable", evt.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/v1/sessions/{id}/publish", null)).StatusCode);
    }

    [Fact]
    public async Task Reimporting_a_code_updates_for_an_organiser_and_conflicts_for_others()
    {
        var first = await ImportAsync(CardWithCode("9.1.5"));
        var corrected = CardWithCode("9.1.5").Replace("Plate-forme : Zoom", "Plate-forme : Webex");
        var updated = await ImportAsync(corrected, "ILO", HttpStatusCode.OK);
        Assert.Equal(first.GetProperty("id").GetGuid(), updated.GetProperty("id").GetGuid());
        Assert.Equal("Webex", updated.GetProperty("platform").GetString());

        var other = await app.Client("UNDP").PostAsync("/api/v1/sessions/import", CatalogApp.Card(corrected.Replace("OIT, ADEC, FAMSI", "UNDP")));
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal("application/problem+json", other.MediaType()!.MediaType);
    }

    [Fact]
    public async Task Only_organisers_change_a_session_and_see_its_draft()
    {
        var id = (await ImportAsync(CardWithCode("9.1.6"))).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client("UNDP").PostAsync($"/api/v1/sessions/{id}/publish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client("UNDP").PatchAsync($"/api/v1/sessions/{id}", CatalogApp.Json(new { platform = "x" }))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client(null).PostAsync($"/api/v1/sessions/{id}/publish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client(null).GetAsync($"/api/v1/sessions/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client("UNDP").GetAsync($"/api/v1/sessions/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client("FAMSI").GetAsync($"/api/v1/sessions/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_partner_importing_a_card_it_does_not_organise_gets_422_on_organisers()
    {
        var response = await app.Client("UNDP").PostAsync("/api/v1/sessions/import", CatalogApp.Card(CardWithCode("9.1.7")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("organisers", out _));
    }

    [Fact]
    public async Task A_card_whose_times_disagree_is_refused_naming_the_time_field_and_nothing_is_stored()
    {
        var before = await app.SessionCountAsync();
        var response = await app.Client("OIT").PostAsync("/api/v1/sessions/import", CatalogApp.Card(CardWithCode("9.1.8").Replace("(UTC+2)", "(UTC+1)")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.MediaType()!.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal(422, problem.GetProperty("status").GetInt32());
        Assert.Equal(["time"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(before, await app.SessionCountAsync());
    }

    [Fact]
    public async Task Public_read_answers_304_for_its_etag_until_the_session_changes()
    {
        var id = (await ImportAsync(CardWithCode("9.1.9"))).GetProperty("id").GetGuid();
        var organiser = app.Client("OIT");
        await organiser.PostAsync($"/api/v1/sessions/{id}/publish", null);
        var anonymous = app.Client(null);
        var first = await anonymous.GetAsync($"/api/v1/sessions/{id}");
        var etag = first.Headers.ETag!;

        var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/sessions/{id}");
        again.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await anonymous.SendAsync(again)).StatusCode);

        await organiser.PatchAsync($"/api/v1/sessions/{id}", CatalogApp.Json(new { platform = "Webex" }));
        var changed = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/sessions/{id}");
        changed.Headers.IfNoneMatch.Add(etag);
        var response = await anonymous.SendAsync(changed);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(etag, response.Headers.ETag);
    }
}
