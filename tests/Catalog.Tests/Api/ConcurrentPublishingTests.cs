using System.Net;

namespace Conference.Catalog.Tests.Api;

/// <summary>Partners creating sessions at the same moment under a thematic line and sub-theme nobody named before.</summary>
public sealed class ConcurrentPublishingTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    [Fact]
    public async Task Sessions_created_together_under_a_new_thematic_line_are_all_created_and_share_it()
    {
        const int count = 16;
        var client = app.Client("OIT");
        var answers = await Task.WhenAll(Enumerable.Range(1, count).Select(i => client.PostAsync("/api/v1/sessions", CatalogApp.Json(new
        {
            code = $"7.1.{i}",
            format = "panel",
            sourceLanguage = "fr",
            languages = new[] { "fr" },
            title = new Dictionary<string, string> { ["fr"] = $"Atelier {i}" },
            thematicLine = new { code = "7", title = new Dictionary<string, string> { ["fr"] = "Ligne sept" } },
            subTheme = new { code = "7.1", title = new Dictionary<string, string> { ["fr"] = "Sous-thème sept un" } },
            organisers = new[] { "OIT" },
            startsAt = "2031-04-01T10:00:00Z",
            endsAt = "2031-04-01T11:00:00Z",
            capacity = 30,
        }))));

        var statuses = await Task.WhenAll(answers.Select(async a => $"{(int)a.StatusCode} {(a.IsSuccessStatusCode ? "" : await a.Content.ReadAsStringAsync())}".Trim()));
        Assert.All(statuses, s => Assert.Equal("201", s));
        foreach (var answer in answers)
        {
            var session = await answer.JsonAsync();
            Assert.Equal("Ligne sept", session.GetProperty("thematicLine").GetProperty("title").GetProperty("fr").GetString());
            Assert.Equal("Sous-thème sept un", session.GetProperty("subTheme").GetProperty("title").GetProperty("fr").GetString());
        }
        Assert.Equal(count, await app.SessionCountAsync());
    }
}
