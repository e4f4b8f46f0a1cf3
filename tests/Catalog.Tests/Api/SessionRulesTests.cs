using System.Net;
using System.Text;
using System.Text.Json;
using Conference.Catalog.Tests.Import;

namespace Conference.Catalog.Tests.Api;

/// <summary>Rules found by testing the partner API end to end: what is refused (422 naming the field) and that a refusal changes nothing.</summary>
public sealed class SessionRulesTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    private static string CardWithCode(string code) => Cards.RealFrench.Replace("Titre de la session 3.2.2 :", $"Titre de la session {code} :");

    private async Task<JsonElement> ImportAsync(string card, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await app.Client("OIT").PostAsync("/api/v1/sessions/import", CatalogApp.Card(card));
        Assert.Equal(expected, response.StatusCode);
        return await response.JsonAsync();
    }

    private async Task<JsonElement> SessionAsync(Guid id)
    {
        var response = await app.Client("OIT").GetAsync($"/api/v1/sessions/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    private static Dictionary<string, string[]> Errors(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().ToDictionary(e => e.Name, e => e.Value.EnumerateArray().Select(m => m.GetString()!).ToArray());

    [Fact]
    public async Task A_card_normalised_to_NFD_imports_as_the_card_with_NFC_texts()
    {
        var s = await ImportAsync(CardWithCode("8.1.1").Normalize(NormalizationForm.FormD));

        Assert.Equal(160, s.GetProperty("capacity").GetInt32());
        var title = s.GetProperty("title").GetProperty("fr").GetString()!;
        Assert.Equal("Innovation sociale, communautés locales, et développement inclusif et durable : entreprises communautaires, l'avenir du travail, DEL, et économie verte.", title);
        Assert.True(title.IsNormalized(NormalizationForm.FormC));
        Assert.Equal("Représentation collective et dialogue social multi-niveaux", s.GetProperty("subTheme").GetProperty("title").GetProperty("fr").GetString());
        Assert.StartsWith("La crise dévastatrice", s.GetProperty("summary").GetProperty("fr").GetString());
    }

    [Fact]
    public async Task A_JSON_session_with_decomposed_accents_is_stored_in_NFC()
    {
        var response = await app.Client("OIT").PostAsync("/api/v1/sessions", CatalogApp.Json(JsonSession("8.3.1",
            "Innovacio\u0301n social y desarrollo sostenible".Normalize(NormalizationForm.FormD))));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var title = (await response.JsonAsync()).GetProperty("title").GetProperty("es").GetString()!;
        Assert.Equal("Innovaci\u00f3n social y desarrollo sostenible", title);
        Assert.True(title.IsNormalized(NormalizationForm.FormC));
    }

    [Fact]
    public async Task A_JSON_title_with_a_bidirectional_override_is_refused_naming_it_and_nothing_is_stored()
    {
        var before = await app.SessionCountAsync();

        var response = await app.Client("OIT").PostAsync("/api/v1/sessions", CatalogApp.Json(JsonSession("8.3.2", "Informe \u202Efdp.exe")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = Errors(await response.JsonAsync());
        Assert.Equal(["title"], errors.Keys);
        Assert.Contains("Bidirectional override", Assert.Single(errors["title"]));
        Assert.Equal(before, await app.SessionCountAsync());
    }

    [Fact]
    public async Task A_card_title_loses_its_bidirectional_overrides()
    {
        var s = await ImportAsync(Cards.RealFrench.Replace("Titre de la session 3.2.2 : Innovation sociale", "Titre de la session 8.3.3 : \u202EInnovation\u202C sociale"));

        Assert.StartsWith("Innovation sociale, communautés locales", s.GetProperty("title").GetProperty("fr").GetString());
    }

    [Fact]
    public async Task A_PATCH_with_an_empty_body_or_a_refused_title_names_its_one_problem()
    {
        var id = (await ImportAsync(CardWithCode("8.3.4"))).GetProperty("id").GetGuid();
        var client = app.Client("OIT");

        var empty = await client.PatchAsync($"/api/v1/sessions/{id}", new StringContent("", Encoding.UTF8, "application/json"));
        var broken = await client.PatchAsync($"/api/v1/sessions/{id}", new StringContent("{\"title\": ", Encoding.UTF8, "application/json"));
        var bidi = await client.PatchAsync($"/api/v1/sessions/{id}", CatalogApp.Json(new { title = new { fr = "Evil\u202Etxt" } }));

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("The body is empty: a JSON object is expected.", Assert.Single(Errors(await empty.JsonAsync())["body"]));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        // The shared guard reads the body first and names the field where it broke off.
        var malformed = Assert.Single(Errors(await broken.JsonAsync())["title"]);
        Assert.StartsWith("Malformed JSON", malformed);
        Assert.DoesNotContain("LineNumber", malformed);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bidi.StatusCode);
        var errors = Errors(await bidi.JsonAsync());
        Assert.Equal(["title"], errors.Keys);
        Assert.Equal(PlainTextMessage, Assert.Single(errors["title"]));
        Assert.StartsWith("Innovation sociale", (await SessionAsync(id)).GetProperty("title").GetProperty("fr").GetString());
    }

    [Fact]
    public async Task A_card_declared_UTF_8_that_is_not_is_refused_and_one_without_a_charset_is_read_as_Latin_1()
    {
        var before = await app.SessionCountAsync();
        var latin1 = Encoding.Latin1.GetBytes(CardWithCode("8.3.5"));
        var declared = new ByteArrayContent(latin1);
        declared.Headers.ContentType = new("text/plain") { CharSet = "utf-8" };
        var undeclared = new ByteArrayContent(Encoding.Latin1.GetBytes(CardWithCode("8.3.6")));
        undeclared.Headers.ContentType = new("text/plain");

        var refused = await app.Client("OIT").PostAsync("/api/v1/sessions/import", declared);
        var taken = await app.Client("OIT").PostAsync("/api/v1/sessions/import", undeclared);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["body"], Errors(await refused.JsonAsync()).Keys);
        Assert.Equal(HttpStatusCode.Created, taken.StatusCode);
        Assert.Equal("Représentation collective et dialogue social multi-niveaux", (await taken.JsonAsync()).GetProperty("subTheme").GetProperty("title").GetProperty("fr").GetString());
        Assert.Equal(before + 1, await app.SessionCountAsync());
    }

    private const string PlainTextMessage = "Bidirectional override and isolate characters (U+202A to U+202E, U+2066 to U+2069) are not allowed.";

    private static object JsonSession(string code, string title) => new
    {
        code,
        format = "workshop",
        sourceLanguage = "es",
        languages = new[] { "es" },
        title,
        thematicLine = new { code = code.Split('.')[0], title = "L\u00ednea" },
        subTheme = new { code = string.Join('.', code.Split('.')[..2]), title = "Subtema" },
        organisers = new[] { "OIT" },
        startsAt = "2031-06-01T17:05:00Z",
        endsAt = "2031-06-01T18:35:00Z",
        capacity = 40,
    };

    [Fact]
    public async Task A_card_whose_summary_lost_its_heading_is_refused_and_nothing_is_stored()
    {
        var before = await app.SessionCountAsync();
        var card = CardWithCode("8.2.1").Replace("Bref résumé de la session (max. 250 mots) :\n", "");

        var problem = await ImportAsync(card, HttpStatusCode.UnprocessableEntity);

        var errors = Errors(problem);
        Assert.Equal(["languages"], errors.Keys);
        Assert.Contains("belongs to no field", Assert.Single(errors["languages"]));
        Assert.Equal(before, await app.SessionCountAsync());
    }

    [Theory]
    [InlineData("Capacité de la session : 160", "Capacité de la session : 160\n\nCapacité de la session : 20", "capacity")]
    [InlineData("Date : 01/06/2021", "Date : 01/06/2021\n\nDate : 02/06/2021", "date")]
    [InlineData("Plate-forme : Zoom", "Plate-forme : Zoom\n\nTitre de la session 8.8.8 : Autre titre", "title")]
    public async Task A_card_giving_a_field_twice_is_refused_naming_it_and_nothing_is_stored(string line, string twice, string field)
    {
        var before = await app.SessionCountAsync();

        var problem = await ImportAsync(CardWithCode("8.3.1").Replace(line, twice), HttpStatusCode.UnprocessableEntity);

        var errors = Errors(problem);
        Assert.Equal([field], errors.Keys);
        Assert.Contains("a card gives each field once", Assert.Single(errors[field]));
        Assert.Equal(before, await app.SessionCountAsync());
    }

    [Fact]
    public async Task Reimporting_a_published_card_with_another_capacity_is_refused_like_PATCH()
    {
        var id = (await ImportAsync(CardWithCode("8.4.1"))).GetProperty("id").GetGuid();
        var client = app.Client("OIT");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/sessions/{id}/publish", null)).StatusCode);

        var problem = await ImportAsync(CardWithCode("8.4.1").Replace("Capacité de la session : 160", "Capacité de la session : 1").Replace("Plate-forme : Zoom", "Plate-forme : Teams"),
            HttpStatusCode.UnprocessableEntity);

        var errors = Errors(problem);
        Assert.Equal(["capacity"], errors.Keys);
        Assert.Equal([$"Once published, the seats belong to Registration: PUT /api/v1/sessions/{id}/capacity."], errors["capacity"]);
        var stored = await SessionAsync(id);
        Assert.Equal(160, stored.GetProperty("capacity").GetInt32());
        Assert.Equal("Zoom", stored.GetProperty("platform").GetString());

        var same = await ImportAsync(CardWithCode("8.4.1").Replace("Plate-forme : Zoom", "Plate-forme : Teams"), HttpStatusCode.OK);
        Assert.Equal(160, same.GetProperty("capacity").GetInt32());
        Assert.Equal("Teams", same.GetProperty("platform").GetString());
    }

    [Fact]
    public async Task Reimporting_a_draft_card_with_another_capacity_changes_it()
    {
        await ImportAsync(CardWithCode("8.4.2"));

        var again = await ImportAsync(CardWithCode("8.4.2").Replace("Capacité de la session : 160", "Capacité de la session : 1"), HttpStatusCode.OK);

        Assert.Equal(1, again.GetProperty("capacity").GetInt32());
    }

    [Fact]
    public async Task Rescheduling_a_published_session_into_the_past_is_refused_naming_startsAt()
    {
        var id = (await ImportAsync(CardWithCode("8.5.1"))).GetProperty("id").GetGuid();
        var client = app.Client("OIT");
        await client.PostAsync($"/api/v1/sessions/{id}/publish", null);

        var past = await client.PostAsync($"/api/v1/sessions/{id}/reschedule", CatalogApp.Json(new { startsAt = "2020-01-01T10:00:00Z", endsAt = "2020-01-01T11:30:00Z" }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, past.StatusCode);
        var errors = Errors(await past.JsonAsync());
        Assert.Equal(["startsAt"], errors.Keys);
        Assert.StartsWith("A published session's new start must be in the future: 2020-01-01T10:00:00Z is past", Assert.Single(errors["startsAt"]));
        var stored = await SessionAsync(id);
        Assert.Equal("2021-06-01T17:05:00Z", stored.GetProperty("startsAt").GetString());
        Assert.Equal(0, stored.GetProperty("scheduleVersion").GetInt32());
        Assert.Empty(await app.OutboxAsync("SessionRescheduled", id));

        var future = await client.PostAsync($"/api/v1/sessions/{id}/reschedule", CatalogApp.Json(new { startsAt = "2099-01-01T10:00:00Z", endsAt = "2099-01-01T11:30:00Z" }));
        Assert.Equal(HttpStatusCode.OK, future.StatusCode);
        Assert.Equal("2099-01-01T10:00:00Z", (await future.JsonAsync()).GetProperty("startsAt").GetString());
    }

    [Fact]
    public async Task Patching_a_published_session_into_the_past_is_refused_but_its_end_may_move()
    {
        var id = (await ImportAsync(CardWithCode("8.5.2"))).GetProperty("id").GetGuid();
        var client = app.Client("OIT");
        await client.PostAsync($"/api/v1/sessions/{id}/publish", null);

        var past = await client.PatchAsync($"/api/v1/sessions/{id}", CatalogApp.Json(new { startsAt = "2020-01-01T10:00:00Z", platform = "Teams" }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, past.StatusCode);
        Assert.Equal(["startsAt"], Errors(await past.JsonAsync()).Keys);
        var stored = await SessionAsync(id);
        Assert.Equal("2021-06-01T17:05:00Z", stored.GetProperty("startsAt").GetString());
        Assert.Equal("Zoom", stored.GetProperty("platform").GetString());

        // Not a new start: the session keeps its (past) start and only its end moves.
        var end = await client.PatchAsync($"/api/v1/sessions/{id}", CatalogApp.Json(new { endsAt = "2021-06-01T19:00:00Z" }));
        Assert.Equal(HttpStatusCode.OK, end.StatusCode);
        Assert.Equal("2021-06-01T19:00:00Z", (await end.JsonAsync()).GetProperty("endsAt").GetString());
    }

    [Fact]
    public async Task Reimporting_a_published_card_restates_its_own_date_even_after_a_move_into_the_future()
    {
        var id = (await ImportAsync(CardWithCode("8.5.3"))).GetProperty("id").GetGuid();
        var client = app.Client("OIT");
        await client.PostAsync($"/api/v1/sessions/{id}/publish", null);
        var moved = await client.PostAsync($"/api/v1/sessions/{id}/reschedule", CatalogApp.Json(new { startsAt = "2031-06-01T17:05:00Z", endsAt = "2031-06-01T18:35:00Z" }));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);

        // The card is the partner's statement of its forum's date: imported again, it is taken as it is.
        var again = await ImportAsync(CardWithCode("8.5.3"), HttpStatusCode.OK);

        Assert.Equal("2021-06-01T17:05:00Z", again.GetProperty("startsAt").GetString());
        Assert.Equal("published", again.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_draft_may_be_rescheduled_into_the_past_as_cards_of_past_forums_are_imported()
    {
        var id = (await ImportAsync(CardWithCode("8.5.4"))).GetProperty("id").GetGuid();

        var moved = await app.Client("OIT").PostAsync($"/api/v1/sessions/{id}/reschedule", CatalogApp.Json(new { startsAt = "2020-01-01T10:00:00Z", endsAt = "2020-01-01T11:30:00Z" }));

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal("2020-01-01T10:00:00Z", (await moved.JsonAsync()).GetProperty("startsAt").GetString());
    }

    [Fact]
    public async Task Patching_languages_without_the_source_language_is_refused_naming_languages()
    {
        var id = (await ImportAsync(CardWithCode("8.6.1"))).GetProperty("id").GetGuid();
        var client = app.Client("OIT");

        var patched = await client.PatchAsync($"/api/v1/sessions/{id}", CatalogApp.Json(new { languages = new[] { "en", "es" } }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, patched.StatusCode);
        Assert.Equal(["The languages must include the source language fr."], Errors(await patched.JsonAsync())["languages"]);
        Assert.Equal(["en", "fr", "es"], (await SessionAsync(id)).GetProperty("languages").EnumerateArray().Select(l => l.GetString()));

        var ok = await client.PatchAsync($"/api/v1/sessions/{id}", CatalogApp.Json(new { languages = new[] { "fr", "es" } }));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(["fr", "es"], (await ok.JsonAsync()).GetProperty("languages").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task Creating_a_session_whose_languages_leave_out_its_source_language_is_refused()
    {
        var before = await app.SessionCountAsync();

        var created = await app.Client("OIT").PostAsync("/api/v1/sessions", CatalogApp.Json(new
        {
            code = "8.6.2", format = "workshop", sourceLanguage = "en", languages = new[] { "fr", "es" }, title = "Green jobs",
            organisers = new[] { "OIT" }, startsAt = "2030-06-01T17:00:00Z", endsAt = "2030-06-01T18:00:00Z", capacity = 50,
        }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, created.StatusCode);
        var errors = Errors(await created.JsonAsync());
        Assert.Equal(["languages"], errors.Keys);
        Assert.Equal(["The languages must include the source language en."], errors["languages"]);
        Assert.Equal(before, await app.SessionCountAsync());
    }
}
