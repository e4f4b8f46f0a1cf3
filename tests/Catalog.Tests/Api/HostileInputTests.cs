using System.Net;
using System.Text;


namespace Conference.Catalog.Tests.Api;

/// <summary>No input a client can send to the import or JSON endpoints gives a 5xx, and errors store nothing.</summary>
public sealed class HostileInputTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    private static IEnumerable<(string Name, HttpContent Body)> Cards()
    {
        var card = Import.Cards.RealFrench;
        for (var i = 0; i < 60; i++)
        {
            yield return ($"truncated-{i}", CatalogApp.Card(card[..(card.Length * i / 60)]));
        }
        var random = new Random(42);
        for (var i = 0; i < 30; i++)
        {
            var chars = card.ToCharArray();
            for (var k = 0; k < 1 + i * 3; k++)
            {
                chars[random.Next(chars.Length)] = (char)random.Next(0, 32);
            }
            yield return ($"control-chars-{i}", CatalogApp.Card(new string(chars)));
        }
        for (var i = 0; i < 20; i++)
        {
            var bytes = new byte[random.Next(1, 5000)];
            random.NextBytes(bytes);
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new("text/plain");
            yield return ($"random-bytes-{i}", content);
        }
        yield return ("huge", CatalogApp.Card(new string('a', 2_000_000)));
        yield return ("huge-card", CatalogApp.Card(card + string.Concat(Enumerable.Repeat("\nmot ", 60_000))));
        yield return ("long-lines", CatalogApp.Card(card.Replace("Zoom", new string('Z', 100_000))));
        yield return ("mixed-templates", CatalogApp.Card(card + "\n" + Import.Cards.Spanish + "\n" + Import.Cards.English));
        yield return ("english-labels-in-french-card", CatalogApp.Card(card.Replace("Date :", "Fecha:").Replace("Heure :", "**Time:**")));
        string[] hostileTitles =
        [
            "<script>alert(1)</script>", "\"; DROP TABLE sessions; --", "{{7*7}}", "${jndi:ldap://x}", "\u202Egnp.exe", "😀🎉 " + new string('x', 600),
            "\uD800 lone surrogate", "../../etc/passwd", "<img src=x onerror=alert(1)>", "%00%0d%0a",
        ];
        for (var i = 0; i < hostileTitles.Length; i++)
        {
            yield return ($"hostile-title-{i}", CatalogApp.Card(card.Replace("Titre de la session 3.2.2 : Innovation sociale", $"Titre de la session 8.{i} : {hostileTitles[i]}")));
        }
        (string Line, string Value)[] values =
        [
            ("Capacité de la session", "Capacité de la session : 99999999999999999999"), ("Capacité de la session", "Capacité de la session : -1"),
            ("Capacité de la session", "Capacité de la session : 1e9"), ("Heure", "Heure : 99:99 - 25:61 (UTC-3)"),
            ("Heure", "Heure : 14:05 - 15:35 (UTC+99)"), ("Heure", "Heure : 14:05 - 15:35 (UTC-3) / 19:05 - 20:35"),
            ("Date", "Date : 31/31/99999"), ("Date", "Date : 00/00/0000"),
            ("Langue", "Langue : " + string.Join('/', Enumerable.Repeat("FR", 10_000))), ("Organisateurs", "Organisateurs : " + string.Join(',', Enumerable.Range(0, 500))),
            ("Titre de la session", "Titre de la session " + string.Join('.', Enumerable.Repeat("9", 200)) + " : x"), ("Inscription", "Inscription nécessaire : peut-être"),
            ("Capacité de la session", "Capacité de la session : \uFF11\uFF16\uFF10"), ("Heure", "Heure : 14:05 - 15:35 (UTC-\uFF13)"),
            ("Heure", "Heure : \u0661\u0664:05 - 15:35 (UTC-3)"), ("Date", "Date : \uFF10\uFF11/06/2021"),
            ("Titre de la session", "Titre de la session \uFF13.\uFF12.\uFF12 : x"), ("Ligne thématique", "Ligne thématique \u0663 : x"),
        ];
        foreach (var ((start, value), i) in values.Select((v, i) => (v, i)))
        {
            var line = card.Split('\n').First(l => l.StartsWith(start, StringComparison.Ordinal));
            yield return ($"value-{i}", CatalogApp.Card(card.Replace(line, value)));
        }
        yield return ("json-as-card", CatalogApp.Json(new { code = "1" }));
        yield return ("no-content-type", new ByteArrayContent(Encoding.UTF8.GetBytes(card)));
        yield return ("latin1", new ByteArrayContent(Encoding.Latin1.GetBytes(card)) { Headers = { ContentType = new("text/plain") } });
        yield return ("empty", CatalogApp.Card(""));
    }

    private static IEnumerable<(string Name, string Json)> JsonBodies()
    {
        string[] bodies =
        [
            "", "{", "}", "[]", "null", "42", "\"text\"", "{\"code\":", "{\"code\": 1}", "{\"code\": null}", "{\"code\": [\"3\"]}", "{\"code\": \"abc\"}",
            "{\"capacity\": 1e400}", "{\"capacity\": -3}", "{\"capacity\": 2.5}", "{\"capacity\": \"160\"}", "{\"capacity\": 99999999999999999999}",
            "{\"startsAt\": \"yesterday\"}", "{\"startsAt\": \"0001-01-01T00:00:00Z\"}", "{\"startsAt\": 12345}", "{\"startsAt\": \"9999-12-31T23:59:59Z\", \"endsAt\": \"9999-12-31T23:59:59+14:00\"}",
            "{\"languages\": \"en\"}", "{\"languages\": [1, 2]}", "{\"languages\": [\"xx\"]}", "{\"languages\": [null]}",
            "{\"title\": 5}", "{\"title\": {\"xx\": \"t\"}}", "{\"title\": {\"fr\": 5}}", "{\"title\": [\"a\"]}",
            "{\"thematicLine\": \"3\"}", "{\"thematicLine\": {\"code\": 3}}", "{\"organisers\": {}}", "{\"organisers\": []}",
            "{\"documents\": [1]}", "{\"documents\": [{\"title\": null, \"url\": 5}]}", "{\"documents\": [{\"title\": \"t\", \"url\": \"javascript:alert(1)\"}]}",
            "{\"referenceTimeZones\": [\"UTC+\uFF13\"]}", "{\"code\": \"\uFF13.\uFF12.\uFF12\"}", "{\"thematicLine\": {\"code\": \"\u0663\"}}",
            "{\"joinUrl\": \"ftp://x\"}", "{\"registrationRequired\": \"yes\"}", "{\"format\": \"karaoke\"}", "{\"sourceLanguage\": \"tlh\"}",
            "{\"referenceTimeZones\": [\"UTC+99\"]}", "{\"unknown\": true}", "{\"id\": \"x\", \"status\": \"published\"}",
            new string('[', 10_000), "{\"a\":" + new string('[', 100) + new string(']', 100) + "}",
            "{\"title\": {\"fr\": \"" + new string('x', 600_000) + "\"}}", "{\"summary\": \"" + string.Join(' ', Enumerable.Repeat("mot", 300)) + "\"}",
            "{\"code\": \"\\u0000\"}", "\u0000\u0001\u0002", "{\"code\": \"1.1\", \"code\": \"1.2\"}",
        ];
        return bodies.Select((b, i) => ($"json-{i}", b));
    }

    [Fact]
    public async Task Malformed_and_hostile_bodies_never_give_a_server_error_and_errors_store_nothing()
    {
        var client = app.Client("OIT");
        var checkedBodies = 0;
        var failures = new List<string>();
        foreach (var (name, body) in Cards())
        {
            var before = await app.SessionCountAsync();
            var response = await client.PostAsync("/api/v1/sessions/import", body);
            checkedBodies++;
            await Check(name, response, before, failures);
        }
        var target = await client.PostAsync("/api/v1/sessions/import", CatalogApp.Card(Import.Cards.RealFrench.Replace("3.2.2 :", "8.99 :")));
        var id = (await target.JsonAsync()).GetProperty("id").GetGuid();
        foreach (var (name, json) in JsonBodies())
        {
            foreach (var (method, path) in new[] { (HttpMethod.Post, "/api/v1/sessions"), (HttpMethod.Patch, $"/api/v1/sessions/{id}"), (HttpMethod.Post, $"/api/v1/sessions/{id}/reschedule"), (HttpMethod.Post, $"/api/v1/sessions/{id}/cancel") })
            {
                if (path.EndsWith("/cancel", StringComparison.Ordinal) && json.Length > 0 && json[0] == '{' && json.Contains("\"code\": \"1.1\"", StringComparison.Ordinal))
                {
                    continue; // a valid cancel body: keep the session for the other requests
                }
                var before = await app.SessionCountAsync();
                var response = await client.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
                checkedBodies++;
                await Check($"{name} {method} {path}", response, before, failures);
            }
        }
        foreach (var query in new[] { "page=0", "page=-1", "pageSize=0", "pageSize=101", "pageSize=abc", "page=99999999999", "from=notadate", "to=2021-13-45", "language=xx", "q=" + new string('x', 500), "q=%00%27", "thematicLine=' OR 1=1 --", "organiser=%", "q=_%" })
        {
            var response = await client.GetAsync("/api/v1/sessions?" + query);
            checkedBodies++;
            await Check("list " + query, response, await app.SessionCountAsync(), failures);
        }
        Assert.True(checkedBodies >= 200, $"only {checkedBodies} bodies");
        Assert.Empty(failures);
    }

    [Fact]
    public async Task Codes_with_look_alike_digits_are_refused_naming_the_field_and_store_nothing()
    {
        var client = app.Client("OIT");
        var before = await app.SessionCountAsync();

        var card = await client.PostAsync("/api/v1/sessions/import",
            CatalogApp.Card(Import.Cards.RealFrench.Replace("Titre de la session 3.2.2 :", "Titre de la session \uFF13.\uFF12.\uFF12 :")));
        var json = await client.PostAsync("/api/v1/sessions", CatalogApp.Json(new
        {
            code = "\u0663.2.2",
            format = "workshop",
            sourceLanguage = "fr",
            languages = new[] { "fr" },
            title = "Titre",
            thematicLine = new { code = "\uFF13", title = "Ligne" },
            subTheme = new { code = "3.b", title = "Sous-thème" },
            organisers = new[] { "OIT" },
            startsAt = "2031-06-01T17:05:00Z",
            endsAt = "2031-06-01T18:35:00Z",
            referenceTimeZones = new[] { "UTC-\uFF13" },
            capacity = 160,
        }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, card.StatusCode);
        var cardErrors = (await card.JsonAsync()).GetProperty("errors");
        Assert.Equal(["code"], cardErrors.EnumerateObject().Select(e => e.Name));
        Assert.Equal("'\uFF13.\uFF12.\uFF12' is not a session code: a code is ASCII digits (0-9) separated by dots, e.g. 3.2.2.", cardErrors.GetProperty("code")[0].GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, json.StatusCode);
        var errors = (await json.JsonAsync()).GetProperty("errors");
        Assert.Equal(["code", "referenceTimeZones", "subTheme", "thematicLine"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal("'\u0663.2.2' is not a session code: a code is ASCII digits (0-9) separated by dots, e.g. 3.2.2.", errors.GetProperty("code")[0].GetString());
        Assert.Equal("'\uFF13' is not a thematic line code: a code is ASCII digits (0-9) separated by dots, e.g. 3.", errors.GetProperty("thematicLine")[0].GetString());
        Assert.Equal("'3.b' is not a sub-theme code: a code is ASCII digits (0-9) separated by dots, e.g. 3.2.", errors.GetProperty("subTheme")[0].GetString());
        Assert.Equal(before, await app.SessionCountAsync());
    }

    private async Task Check(string name, HttpResponseMessage response, int before, List<string> failures)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            failures.Add($"{name}: {status} {await response.Content.ReadAsStringAsync()}");
        }
        else if (status >= 400)
        {
            if (response.MediaType()?.MediaType != "application/problem+json")
            {
                failures.Add($"{name}: {status} without problem details");
            }
            if (await app.SessionCountAsync() != before)
            {
                failures.Add($"{name}: {status} but a session was stored");
            }
        }
    }
}
