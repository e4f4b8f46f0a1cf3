using System.Net;
using System.Text.Json;
using Conference.Contracts;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Catalog.Tests.Api;

public sealed class SessionReadingTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    private static object Session(string code, string organiser, string[] languages, string startsAt, string title, string line = "1", string source = "fr") => new
    {
        code,
        format = "panel",
        sourceLanguage = source,
        languages,
        title = new Dictionary<string, string> { [source] = title },
        summary = "Un résumé.",
        thematicLine = new { code = line, title = new Dictionary<string, string> { ["fr"] = "Ligne " + line } },
        subTheme = new { code = line + ".1", title = new Dictionary<string, string> { ["fr"] = "Sous-thème " + line + ".1" } },
        organisers = new[] { organiser },
        startsAt,
        endsAt = DateTimeOffset.Parse(startsAt).AddHours(1).ToString("O"),
        capacity = 50,
        registrationRequired = true,
    };

    private async Task<Guid> CreateAsync(object body, string organiser, bool publish = true)
    {
        var client = app.Client(organiser);
        var created = await client.PostAsync("/api/v1/sessions", CatalogApp.Json(body));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        if (publish)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/sessions/{id}/publish", null)).StatusCode);
        }
        return id;
    }

    private async Task<JsonElement> ListAsync(string query)
    {
        var response = await app.Client(null).GetAsync("/api/v1/sessions?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    private static string[] Codes(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()!).ToArray();

    [Fact]
    public async Task Listing_filters_published_sessions_and_pages_them_in_start_order()
    {
        await CreateAsync(Session("5.1", "OIT", ["fr", "es"], "2031-03-02T10:00:00Z", "Économie verte et emplois", line: "5"), "OIT");
        await CreateAsync(Session("5.2", "ADEC", ["fr", "en"], "2031-03-01T10:00:00Z", "Dialogue social", line: "5"), "ADEC");
        await CreateAsync(Session("5.3", "ILO", ["en"], "2031-03-03T10:00:00Z", "Green economy", line: "6", source: "en"), "OIT");
        await CreateAsync(Session("5.4", "FAMSI", ["fr"], "2031-03-04T10:00:00Z", "Brouillon caché", line: "5"), "FAMSI", publish: false);

        var all = await ListAsync("from=2031-01-01T00:00:00Z&to=2031-12-31T00:00:00Z");
        Assert.Equal(["5.2", "5.1", "5.3"], Codes(all));
        Assert.Equal(3, all.GetProperty("total").GetInt32());
        Assert.Equal(20, all.GetProperty("pageSize").GetInt32());

        Assert.Equal(["5.1"], Codes(await ListAsync("from=2031-01-01T00:00:00Z&to=2031-12-31T00:00:00Z&language=SPA")));
        Assert.Equal(["5.1", "5.3"], Codes(await ListAsync("from=2031-01-01T00:00:00Z&to=2031-12-31T00:00:00Z&organiser=ilo")));
        Assert.Equal(["5.2", "5.1"], Codes(await ListAsync("from=2031-01-01T00:00:00Z&to=2031-12-31T00:00:00Z&thematicLine=5")));
        Assert.Equal(["5.1"], Codes(await ListAsync("from=2031-01-01T00:00:00Z&to=2031-12-31T00:00:00Z&q=economie%20VERTE")));
        Assert.Equal(["5.2"], Codes(await ListAsync("from=2031-03-01T00:00:00Z&to=2031-03-02T00:00:00Z")));

        var second = await ListAsync("from=2031-01-01T00:00:00Z&to=2031-12-31T00:00:00Z&page=2&pageSize=2");
        Assert.Equal(["5.3"], Codes(second));
        Assert.Equal(3, second.GetProperty("total").GetInt32());
        Assert.Equal(2, second.GetProperty("page").GetInt32());
        Assert.Empty(Codes(await ListAsync("from=2031-01-01T00:00:00Z&to=2031-12-31T00:00:00Z&page=9")));
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("page=abc", "page")]
    [InlineData("from=yesterday", "from")]
    [InlineData("language=tlh", "language")]
    public async Task Invalid_list_parameters_are_422_naming_the_parameter(string query, string field)
    {
        var response = await app.Client(null).GetAsync("/api/v1/sessions?" + query);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal("The query has invalid parameters.", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Programme_lists_thematic_lines_and_sub_themes_with_their_published_sessions()
    {
        await CreateAsync(Session("7.1", "OIT", ["fr"], "2032-01-01T10:00:00Z", "Programme A", line: "7"), "OIT");
        await CreateAsync(Session("7.2", "OIT", ["fr"], "2032-01-02T10:00:00Z", "Programme B (brouillon)", line: "7"), "OIT", publish: false);
        var response = await app.Client(null).GetAsync("/api/v1/programme");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = (await response.JsonAsync()).GetProperty("thematicLines").EnumerateArray().Single(l => l.GetProperty("code").GetString() == "7");
        Assert.Equal("Ligne 7", line.GetProperty("title").GetProperty("fr").GetString());
        var sub = Assert.Single(line.GetProperty("subThemes").EnumerateArray());
        Assert.Equal("7.1", sub.GetProperty("code").GetString());
        Assert.Equal(["7.1"], sub.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Creating_from_json_reports_every_field_problem_at_once()
    {
        var response = await app.Client("OIT").PostAsync("/api/v1/sessions", CatalogApp.Json(new
        {
            code = "x.y",
            format = "karaoke",
            sourceLanguage = "fr",
            languages = new[] { "fr", "klingon" },
            title = new Dictionary<string, string> { ["fr"] = "" },
            summary = string.Join(' ', Enumerable.Repeat("mot", 251)),
            organisers = new[] { "ADEC" },
            startsAt = "2031-01-01T10:00:00Z",
            endsAt = "2031-01-01T09:00:00Z",
            capacity = 0,
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors").EnumerateObject().Select(e => e.Name).Order().ToArray();
        Assert.Equal(["capacity", "code", "endsAt", "format", "languages", "organisers", "summary", "title"], errors);
    }

    [Fact]
    public async Task Translations_are_stored_by_origin_and_a_machine_one_never_replaces_a_reviewed_one()
    {
        var id = await CreateAsync(Session("6.6", "OIT", ["fr", "en", "es"], "2031-05-01T10:00:00Z", "Titre source"), "OIT");
        var bus = app.Factory.Services.GetRequiredService<IBus>();

        await PublishAsync(bus, new SessionTranslated(Guid.NewGuid(), DateTimeOffset.UtcNow, id, "es",
            new Dictionary<string, string> { ["title"] = "Título automático", ["summary"] = "Un resumen." }, "machine", "apertium"));
        await PublishAsync(bus, new SessionTranslated(Guid.NewGuid(), DateTimeOffset.UtcNow, id, "en",
            new Dictionary<string, string> { ["title"] = "Reviewed title" }, "reviewed", null));
        var session = await WaitForAsync(id, s => s.GetProperty("translations").TryGetProperty("es", out _) && s.GetProperty("translations").TryGetProperty("en", out _));
        Assert.Equal("Título automático", session.GetProperty("title").GetProperty("es").GetString());
        Assert.Equal("machine", session.GetProperty("translations").GetProperty("es").GetProperty("origin").GetString());
        Assert.Equal("apertium", session.GetProperty("translations").GetProperty("es").GetProperty("engine").GetString());
        Assert.Equal("reviewed", session.GetProperty("translations").GetProperty("en").GetProperty("origin").GetString());

        var machine = new SessionTranslated(Guid.NewGuid(), DateTimeOffset.UtcNow, id, "en", new Dictionary<string, string> { ["title"] = "Machine title" }, "machine", "apertium");
        await PublishAsync(bus, machine);
        await PublishAsync(bus, new SessionCapacityChanged(Guid.NewGuid(), DateTimeOffset.UtcNow, id, 75, 3));
        session = await WaitForAsync(id, s => s.GetProperty("capacity").GetInt32() == 75 && app.InboxHas(machine.EventId));
        Assert.Equal("Reviewed title", (await GetAsync(id)).GetProperty("title").GetProperty("en").GetString());
    }

    private static Task PublishAsync<T>(IBus bus, T message) where T : class, IIntegrationEvent =>
        bus.Publish(message, ctx => ctx.MessageId = message.EventId);

    private async Task<JsonElement> GetAsync(Guid id) => await (await app.Client(null).GetAsync($"/api/v1/sessions/{id}")).JsonAsync();

    private async Task<JsonElement> WaitForAsync(Guid id, Func<JsonElement, bool> condition)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var session = await GetAsync(id);
            if (condition(session))
            {
                return session;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The session did not reach the expected state within 30 s.");
    }
}
