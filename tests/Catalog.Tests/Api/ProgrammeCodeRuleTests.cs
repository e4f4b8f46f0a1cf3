using System.Net;
using System.Text.Json;
using Conference.Catalog.Data;
using Conference.Catalog.Tests.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Catalog.Tests.Api;

/// <summary>
/// The forum's code rules (ProgrammeCodes), found by a tester: a number in a code has no leading zero
/// ("003" would otherwise be a second session beside "3"), and a sub-theme belongs to its thematic line
/// (sub-theme 4.1 under thematic line 3 is refused). Refusals are 422 naming the field and change nothing.
/// </summary>
public sealed class ProgrammeCodeRuleTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    private static object Session(string code, string line, string subTheme) => new
    {
        code,
        format = "workshop",
        sourceLanguage = "fr",
        languages = new[] { "fr" },
        title = "Titre " + code,
        thematicLine = new { code = line, title = "Ligne " + line },
        subTheme = new { code = subTheme, title = "Sous-thème " + subTheme },
        organisers = new[] { "OIT" },
        startsAt = "2031-06-01T17:05:00Z",
        endsAt = "2031-06-01T18:35:00Z",
        capacity = 160,
    };

    private static string Card(string sessionCode = "3.2.2", string line = "3", string subTheme = "3.2") => Cards.RealFrench
        .Replace("Titre de la session 3.2.2 :", $"Titre de la session {sessionCode} :", StringComparison.Ordinal)
        .Replace("Ligne thématique 3 :", $"Ligne thématique {line} :", StringComparison.Ordinal)
        .Replace("Sous-thème 3.2 :", $"Sous-thème {subTheme} :", StringComparison.Ordinal);

    private async Task<int> SubThemeCountAsync()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().SubThemes.CountAsync();
    }

    private static async Task<string[]> ErrorsAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.MediaType()?.MediaType);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(e => e.Name));
        return errors.GetProperty(field).EnumerateArray().Select(m => m.GetString()!).ToArray();
    }

    [Theory]
    [InlineData("03.2.2", "3", "3.2", "code", "'03.2.2' is not a session code: a number in a code has no leading zero (3.2.2, not 03.2.2).")]
    [InlineData("13.2.02", "13", "13.2", "code", "'13.2.02' is not a session code: a number in a code has no leading zero (13.2.2, not 13.2.02).")]
    [InlineData("13.2.2", "013", "13.2", "thematicLine", "'013' is not a thematic line code: a number in a code has no leading zero (13, not 013).")]
    [InlineData("13.2.2", "13", "13.02", "subTheme", "'13.02' is not a sub-theme code: a number in a code has no leading zero (13.2, not 13.02).")]
    public async Task A_code_with_a_leading_zero_is_refused_in_json_naming_the_field_and_stores_nothing(string code, string line, string subTheme, string field, string message)
    {
        var sessions = await app.SessionCountAsync();
        var subThemes = await SubThemeCountAsync();

        var response = await app.Client("OIT").PostAsync("/api/v1/sessions", CatalogApp.Json(Session(code, line, subTheme)));

        Assert.Equal([message], await ErrorsAsync(response, field));
        Assert.Equal(sessions, await app.SessionCountAsync());
        Assert.Equal(subThemes, await SubThemeCountAsync());
    }

    [Theory]
    [InlineData("3.2.002", "3", "3.2", "code")]
    [InlineData("3.2.21", "03", "3.2", "thematicLine")]
    [InlineData("3.2.22", "3", "3.02", "subTheme")]
    public async Task A_code_with_a_leading_zero_is_refused_on_a_card_naming_the_field_and_stores_nothing(string code, string line, string subTheme, string field)
    {
        var sessions = await app.SessionCountAsync();

        var response = await app.Client("OIT").PostAsync("/api/v1/sessions/import", CatalogApp.Card(Card(code, line, subTheme)));

        Assert.Contains("has no leading zero", Assert.Single(await ErrorsAsync(response, field)));
        Assert.Equal(sessions, await app.SessionCountAsync());
    }

    [Theory]
    [InlineData("0.1.10")]
    [InlineData("10.0.100")]
    public async Task Zero_itself_and_numbers_ending_in_zero_are_codes(string code)
    {
        var parts = code.Split('.');
        var response = await app.Client("OIT").PostAsync("/api/v1/sessions",
            CatalogApp.Json(Session(code, parts[0], parts[0] + "." + parts[1])));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(code, (await response.JsonAsync()).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("3", "4.1")]   // another line's sub-theme: the tester's case
    [InlineData("3", "31.2")]  // starts with "3" but not with "3."
    [InlineData("3", "3")]     // the line itself is no sub-theme of it
    [InlineData("3.1", "3.2")] // a line code with a dot: "3.2" is not below "3.1"
    public async Task A_sub_theme_outside_its_thematic_line_is_refused_in_json_and_stores_nothing(string line, string subTheme)
    {
        var sessions = await app.SessionCountAsync();
        var subThemes = await SubThemeCountAsync();

        var response = await app.Client("OIT").PostAsync("/api/v1/sessions", CatalogApp.Json(Session("44.1.1", line, subTheme)));

        Assert.Equal([$"Sub-theme {subTheme} is not in thematic line {line}: a sub-theme's code is its thematic line's code, a dot and its own number (e.g. {line}.1)."],
            await ErrorsAsync(response, "subTheme"));
        Assert.Equal(sessions, await app.SessionCountAsync());
        Assert.Equal(subThemes, await SubThemeCountAsync());
    }

    [Fact]
    public async Task A_sub_theme_outside_its_thematic_line_is_refused_on_a_card_and_stores_nothing()
    {
        var sessions = await app.SessionCountAsync();

        var response = await app.Client("OIT").PostAsync("/api/v1/sessions/import", CatalogApp.Card(Card("45.1.1", "3", "4.1")));

        Assert.Equal(["Sub-theme 4.1 is not in thematic line 3: a sub-theme's code is its thematic line's code, a dot and its own number (e.g. 3.1)."],
            await ErrorsAsync(response, "subTheme"));
        Assert.Equal(sessions, await app.SessionCountAsync());
    }

    [Fact]
    public async Task A_patch_that_separates_a_sub_theme_from_its_thematic_line_is_refused_and_changes_nothing()
    {
        var client = app.Client("OIT");
        var created = await client.PostAsync("/api/v1/sessions", CatalogApp.Json(Session("46.1.1", "46", "46.1")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();

        var subThemeOnly = await client.PatchAsync($"/api/v1/sessions/{id}", CatalogApp.Json(new { subTheme = new { code = "47.1" } }));
        var lineOnly = await client.PatchAsync($"/api/v1/sessions/{id}", CatalogApp.Json(new { thematicLine = new { code = "47" } }));
        var both = await client.PatchAsync($"/api/v1/sessions/{id}", CatalogApp.Json(new { thematicLine = new { code = "47" }, subTheme = new { code = "46.2" } }));

        Assert.Equal(["Sub-theme 47.1 is not in thematic line 46: a sub-theme's code is its thematic line's code, a dot and its own number (e.g. 46.1)."],
            await ErrorsAsync(subThemeOnly, "subTheme"));
        Assert.Equal(["Sub-theme 46.1 is not in thematic line 47: a sub-theme's code is its thematic line's code, a dot and its own number (e.g. 47.1)."],
            await ErrorsAsync(lineOnly, "thematicLine"));
        Assert.Single(await ErrorsAsync(both, "subTheme"));
        var session = await (await client.GetAsync($"/api/v1/sessions/{id}")).JsonAsync();
        Assert.Equal(("46", "46.1"), (session.GetProperty("thematicLine").GetProperty("code").GetString(), session.GetProperty("subTheme").GetProperty("code").GetString()));
    }

    [Fact]
    public async Task A_patch_moving_a_session_to_another_line_and_one_of_its_sub_themes_is_taken()
    {
        var client = app.Client("OIT");
        var created = await client.PostAsync("/api/v1/sessions", CatalogApp.Json(Session("48.1.1", "48", "48.1")));
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();

        var moved = await client.PatchAsync($"/api/v1/sessions/{id}", CatalogApp.Json(new { thematicLine = new { code = "49" }, subTheme = new { code = "49.3" } }));

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var session = await moved.JsonAsync();
        Assert.Equal(("49", "49.3"), (session.GetProperty("thematicLine").GetProperty("code").GetString(), session.GetProperty("subTheme").GetProperty("code").GetString()));
    }

    [Fact]
    public async Task The_forum_sample_card_still_imports_unchanged()
    {
        var response = await app.Client("OIT").PostAsync("/api/v1/sessions/import", CatalogApp.Card(Cards.RealFrench));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var session = await response.JsonAsync();
        Assert.Equal(("3.2.2", "3", "3.2"), (session.GetProperty("code").GetString(),
            session.GetProperty("thematicLine").GetProperty("code").GetString(), session.GetProperty("subTheme").GetProperty("code").GetString()));
    }
}
