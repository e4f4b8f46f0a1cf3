using System.Net;
using System.Text.Json;
using Conference.Contracts;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Catalog.Tests.Api;

/// <summary>
/// Titles of thematic lines and sub-themes translated by Translation (<c>thematicLineTitle</c>,
/// <c>subThemeTitle</c> in <c>SessionTranslated</c>) go to the programme, never over a partner's title
/// (ADR 0005), and never into the session's own texts.
/// </summary>
public sealed class ProgrammeTitleTranslationTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    private static object Session(string code, string sourceLanguage, string organiser, string line, string? lineTitle, string subTheme, string? subThemeTitle) => new
    {
        code,
        format = "workshop",
        sourceLanguage,
        languages = new[] { "en", "fr", "es" },
        title = new Dictionary<string, string> { [sourceLanguage] = "Session " + code },
        summary = "Un résumé.",
        thematicLine = new { code = line, title = lineTitle is null ? null : new Dictionary<string, string> { [sourceLanguage] = lineTitle } },
        subTheme = new { code = subTheme, title = subThemeTitle is null ? null : new Dictionary<string, string> { [sourceLanguage] = subThemeTitle } },
        organisers = new[] { organiser },
        startsAt = "2033-06-01T17:05:00Z",
        endsAt = "2033-06-01T18:35:00Z",
        capacity = 160,
        registrationRequired = true,
    };

    [Fact]
    public async Task A_machine_title_fills_the_programme_in_that_language_and_stays_out_of_the_session_texts()
    {
        var id = await CreateAsync(Session("31.2.2", "fr", "OIT", "31", "L'avenir du travail et le travail du futur", "31.2", "Représentation collective et dialogue social multi-niveaux"), "OIT");
        var published = Assert.Single(await app.OutboxAsync("SessionPublished", id)).GetProperty("session");
        Assert.Equal("31", published.GetProperty("thematicLine").GetProperty("code").GetString());
        Assert.Equal("L'avenir du travail et le travail du futur", published.GetProperty("thematicLine").GetProperty("title").GetProperty("fr").GetString());
        Assert.Equal("Représentation collective et dialogue social multi-niveaux", published.GetProperty("subTheme").GetProperty("title").GetProperty("fr").GetString());

        var translated = new SessionTranslated(Guid.NewGuid(), DateTimeOffset.UtcNow, id, "en", new Dictionary<string, string>
        {
            ["title"] = "Session 31.2.2 in English",
            ["thematicLineTitle"] = "The future of the work and the work of the future",
            ["subThemeTitle"] = "Collective representation and social dialogue multi-level",
        }, "machine", "apertium");
        await PublishAsync(translated);
        await WaitForAsync(() => app.InboxHas(translated.EventId));

        var line = await ProgrammeLineAsync("31");
        Assert.Equal("The future of the work and the work of the future", line.GetProperty("title").GetProperty("en").GetString());
        Assert.Equal("L'avenir du travail et le travail du futur", line.GetProperty("title").GetProperty("fr").GetString());
        var sub = Assert.Single(line.GetProperty("subThemes").EnumerateArray());
        Assert.Equal("Collective representation and social dialogue multi-level", sub.GetProperty("title").GetProperty("en").GetString());
        Assert.Equal(["31.2.2"], sub.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("code").GetString()));

        var session = await GetAsync(id);
        Assert.Equal("The future of the work and the work of the future", session.GetProperty("thematicLine").GetProperty("title").GetProperty("en").GetString());
        Assert.Equal("Collective representation and social dialogue multi-level", session.GetProperty("subTheme").GetProperty("title").GetProperty("en").GetString());
        Assert.Equal("Session 31.2.2 in English", session.GetProperty("title").GetProperty("en").GetString());
        Assert.False(session.TryGetProperty("thematicLineTitle", out _));
        Assert.False(session.TryGetProperty("subThemeTitle", out _));
        Assert.Equal("machine", session.GetProperty("translations").GetProperty("en").GetProperty("origin").GetString());

        // The next event carries the partners' titles only: Translation never translates a machine's title.
        Assert.Equal(HttpStatusCode.OK, (await app.Client("OIT").PatchAsync($"/api/v1/sessions/{id}", CatalogApp.Json(new { platform = "Teams" }))).StatusCode);
        var updated = Assert.Single(await app.OutboxAsync("SessionUpdated", id)).GetProperty("session");
        Assert.Equal(["fr"], updated.GetProperty("thematicLine").GetProperty("title").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task A_title_a_partner_gave_is_never_replaced_and_a_reviewed_one_only_by_a_review()
    {
        // An English card names line 32 with its English title; a French one names it in French.
        await CreateAsync(Session("32.1.1", "en", "ADEC", "32", "Decent work in the recovery", "32.1", null), "ADEC");
        var id = await CreateAsync(Session("32.1.2", "fr", "OIT", "32", "Le travail décent dans la relance", "32.1", "Économie sociale"), "OIT");

        var machine = Titles(id, "en", "machine", "Decent work in the revival", "Social economy");
        await PublishAsync(machine);
        await WaitForAsync(() => app.InboxHas(machine.EventId));
        var line = await ProgrammeLineAsync("32");
        Assert.Equal("Decent work in the recovery", line.GetProperty("title").GetProperty("en").GetString());
        Assert.Equal("Social economy", line.GetProperty("subThemes")[0].GetProperty("title").GetProperty("en").GetString());

        var reviewed = Titles(id, "en", "reviewed", "Decent work for the recovery", "Social and solidarity economy");
        await PublishAsync(reviewed);
        await WaitForAsync(() => app.InboxHas(reviewed.EventId));
        var later = Titles(id, "en", "machine", "Decent work in the revival", "Social economy");
        await PublishAsync(later);
        await WaitForAsync(() => app.InboxHas(later.EventId));

        line = await ProgrammeLineAsync("32");
        Assert.Equal("Decent work in the recovery", line.GetProperty("title").GetProperty("en").GetString());
        Assert.Equal("Social and solidarity economy", line.GetProperty("subThemes")[0].GetProperty("title").GetProperty("en").GetString());
        // Titles alone leave the session's own translation state as it was (none yet in English).
        Assert.False((await GetAsync(id)).GetProperty("translations").TryGetProperty("en", out _));
    }

    private static SessionTranslated Titles(Guid id, string language, string origin, string line, string subTheme) =>
        new(Guid.NewGuid(), DateTimeOffset.UtcNow, id, language,
            new Dictionary<string, string> { ["thematicLineTitle"] = line, ["subThemeTitle"] = subTheme },
            origin, origin == "machine" ? "apertium" : null);

    private async Task<Guid> CreateAsync(object body, string organiser)
    {
        var client = app.Client(organiser);
        var created = await client.PostAsync("/api/v1/sessions", CatalogApp.Json(body));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/sessions/{id}/publish", null)).StatusCode);
        return id;
    }

    private Task PublishAsync(SessionTranslated message) =>
        app.Factory.Services.GetRequiredService<IBus>().Publish(message, ctx => ctx.MessageId = message.EventId);

    private async Task<JsonElement> GetAsync(Guid id) => await (await app.Client(null).GetAsync($"/api/v1/sessions/{id}")).JsonAsync();

    private async Task<JsonElement> ProgrammeLineAsync(string code)
    {
        var response = await app.Client(null).GetAsync("/api/v1/programme");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("thematicLines").EnumerateArray().Single(l => l.GetProperty("code").GetString() == code);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var attempt = 0; attempt < 300 && !condition(); attempt++)
        {
            await Task.Delay(100);
        }
        Assert.True(condition(), "Catalog did not take the message in within 30 s.");
    }
}
