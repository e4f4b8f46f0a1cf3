using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Conference.Gateway.Tests;

/// <summary>What a visitor may type into the pages' addresses and forms: answered in the visitor's words, never a 500.</summary>
public sealed class PageInputTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private FakeServices services => fixture.Services;

    [Theory]
    [InlineData("9999-12-31", "UTC", "from=9999-12-31T00:00:00.0000000Z&to=9999-12-31T23:59:59.9999999Z")]
    [InlineData("9999-12-31", "Pacific/Pago_Pago", "from=9999-12-31T11:00:00.0000000Z&to=9999-12-31T23:59:59.9999999Z")]
    [InlineData("9999-12-30", "Pacific/Kiritimati", "from=9999-12-29T10:00:00.0000000Z&to=9999-12-30T10:00:00.0000000Z")]
    [InlineData("0001-01-01", "Etc/GMT-14", "from=0001-01-01T00:00:00.0000000Z&to=0001-01-01T10:00:00.0000000Z")]
    [InlineData("0001-01-01", "UTC", "from=0001-01-01T00:00:00.0000000Z&to=0001-01-02T00:00:00.0000000Z")]
    public async Task A_day_at_the_edge_of_the_calendar_is_a_day_like_any_other(string day, string zone, string range)
    {
        using var client = fixture.Gateway.CreateClient();
        var q = "day-" + Guid.NewGuid().ToString("N")[..8];

        using var response = await client.GetAsync($"/?lang=en&day={day}&tz={zone}&q={q}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1>Programme</h1>", await response.Content.ReadAsStringAsync());
        Assert.Contains(services.Requests, r => r.StartsWith("GET /api/v1/sessions?", StringComparison.Ordinal)
            && r.Contains($"q={q}", StringComparison.Ordinal) && r.Contains(range.Replace(":", "%3A"), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("-0001-01-01")]
    [InlineData("10000-01-01")]
    [InlineData("9999-13-01")]
    [InlineData("2031-02-30")]
    [InlineData("tomorrow")]
    public async Task A_day_that_is_no_date_is_ignored(string day)
    {
        using var client = fixture.Gateway.CreateClient();
        var q = "day-" + Guid.NewGuid().ToString("N")[..8];

        using var response = await client.GetAsync($"/?lang=en&day={Uri.EscapeDataString(day)}&q={q}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(services.Requests, r => r.Contains($"q={q}", StringComparison.Ordinal) && !r.Contains("from=", StringComparison.Ordinal));
    }

    private static readonly string SessionPath = $"/sessions/{FakeServices.Workshop}";

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task A_form_posted_without_its_antiforgery_token_is_a_400_page_saying_it_expired(string environment)
    {
        await using var gateway = fixture.With(new Dictionary<string, string?> { ["environment"] = environment });
        using var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var before = services.Registrations.Count;

        using var response = await client.PostAsync(SessionPath + "?lang=fr", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "register",
            ["Form.Name"] = "Ana",
            ["Form.Email"] = "ana@example.org",
        }));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html lang=\"fr\"", html);
        Assert.Contains("<p role=\"alert\">Ce formulaire a expiré. Rechargez la page et réessayez.</p>", html);
        Assert.Contains($"<a href=\"{SessionPath}?lang=fr\">Recharger la page</a>", html);
        Assert.DoesNotContain("antiforgery", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, services.Registrations.Count);
    }

    [Theory]
    [InlineData("../../x")]
    [InlineData("cancel")]
    public async Task A_form_name_no_form_of_the_page_has_is_a_400_page_without_framework_text(string handler)
    {
        await using var gateway = fixture.With(new Dictionary<string, string?> { ["environment"] = "Development" });
        using var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var form = await FormAsync(client, SessionPath + "?lang=en", "register");
        form["_handler"] = handler;

        using var response = await client.PostAsync(SessionPath + "?lang=en", new FormUrlEncodedContent(form));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<p role=\"alert\">This form has expired. Reload the page and try again.</p>", html);
        Assert.DoesNotContain("Cannot submit", html);
        Assert.DoesNotContain(handler, html);
    }

    [Fact]
    public async Task A_form_with_more_fields_than_allowed_is_a_400_page_not_a_500()
    {
        using var client = fixture.Gateway.CreateClient();
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var form = await FormAsync(client, SessionPath + "?lang=es", "register");
        for (var i = 0; i < 100; i++)
        {
            form[$"extra{i}"] = "x";
        }

        using var response = await client.PostAsync(SessionPath + "?lang=es", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Este formulario ha caducado. Vuelva a cargar la página e inténtelo de nuevo.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_refused_form_from_a_client_not_asking_for_HTML_is_a_problem()
    {
        using var client = fixture.Gateway.CreateClient();

        using var response = await client.PostAsync(SessionPath, new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "register" }));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.1", problem.GetProperty("type").GetString());
        Assert.Equal("This form has expired", problem.GetProperty("title").GetString());
        Assert.Equal("Reload the page and try again.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_valid_form_still_registers()
    {
        using var client = fixture.Gateway.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var form = await FormAsync(client, SessionPath + "?lang=en", "register");
        form["Form.Name"] = "Ana Prueba";
        form["Form.Email"] = "ana@example.org";
        form["Form.TimeZone"] = "UTC";
        form["Form.Language"] = "en";

        using var response = await client.PostAsync(SessionPath, new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private static async Task<Dictionary<string, string>> FormAsync(HttpClient client, string path, string handler) =>
        PageForms.Hidden(await client.GetStringAsync(path), handler);
}
