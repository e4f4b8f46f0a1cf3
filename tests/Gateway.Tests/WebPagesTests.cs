using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Gateway.Tests;

/// <summary>The attendee pages rendered by the gateway from Catalog's and Registration's answers (here <see cref="FakeServices"/>).</summary>
public sealed class WebPagesTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private FakeServices services => fixture.Services;

    private static readonly string SessionPath = $"/sessions/{FakeServices.Workshop}";

    [Fact]
    public async Task The_programme_speaks_the_language_of_Accept_Language_and_shows_seats_left()
    {
        using var client = fixture.Gateway.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("es-AR,es;q=0.9");

        var html = await client.GetStringAsync("/");

        Assert.Contains("<html lang=\"es\"", html);
        Assert.Contains("<h1>Programa</h1>", html);
        Assert.Contains("Innovación social", html);
        Assert.Contains("El futuro del trabajo", html);
        Assert.Contains(">2 sesiones</p>", html);
        Assert.Contains("Quedan 159 de 160 plazas", html);
        Assert.Contains($"href=\"/sessions/{FakeServices.Workshop}\"", html);
    }

    [Fact]
    public async Task A_session_that_started_reads_registration_closed_not_its_free_seats()
    {
        // The fake workshop starts on 1 June 2031; the gateway's clock says 2032.
        await using var later = fixture.With(new Dictionary<string, string?>()).WithWebHostBuilder(b =>
            b.ConfigureServices(s => s.AddSingleton<TimeProvider>(new FixedClock(new DateTimeOffset(2032, 1, 1, 0, 0, 0, TimeSpan.Zero)))));
        using var client = later.CreateClient();

        var session = await client.GetStringAsync(SessionPath + "?lang=en");
        var programme = await client.GetStringAsync("/?lang=en");

        Assert.Matches("<p class=\"seats\">\\s*Registration is closed\\s*</p>", session);
        Assert.DoesNotContain("159", session);
        Assert.Contains("Registration is closed", programme);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public async Task A_lang_query_in_capitals_is_remembered_like_the_language_it_shows()
    {
        using var client = fixture.Gateway.CreateClient();

        using var switched = await client.GetAsync("/?lang=FR");

        Assert.Contains("<html lang=\"fr\"", await switched.Content.ReadAsStringAsync());
        Assert.Contains(switched.Headers.GetValues("Set-Cookie"), c => c.StartsWith("lang=fr;", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_lang_query_switches_the_language_and_a_cookie_remembers_it()
    {
        using var client = fixture.Gateway.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("es");

        using var switched = await client.GetAsync("/?lang=fr");
        var later = await client.GetStringAsync(SessionPath);

        Assert.Contains(switched.Headers.GetValues("Set-Cookie"), c => c.StartsWith("lang=fr;", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("<html lang=\"fr\"", await switched.Content.ReadAsStringAsync());
        Assert.Contains("<html lang=\"fr\"", later);
        Assert.Contains(">Innovation sociale</h1>", later);
    }

    [Fact]
    public async Task A_session_shows_its_time_in_the_visitor_zone_beside_the_reference_zones_and_marks_machine_translation()
    {
        using var client = fixture.Gateway.CreateClient();
        client.DefaultRequestHeaders.Add("Cookie", "tz=America/Argentina/Cordoba; lang=es");

        var html = await client.GetStringAsync(SessionPath);

        Assert.Matches("id=\"local-time\">Domingo, 1 de junio de 2031, 14:05–15:35 <span class=\"zone\">\\(America/Argentina/Cordoba\\)", html);
        Assert.Contains("Domingo, 1 de junio de 2031, 19:05–20:35 <span class=\"zone\">(UTC+02:00)", WebUtility.HtmlDecode(html));
        Assert.Contains("id=\"machine-translated\"", html);
        Assert.Contains("lang=\"es\">Innovación social</h1>", html);
        Assert.Contains("Quedan 159 de 160 plazas", html);
        Assert.Contains("<option selected>America/Argentina/Cordoba</option>", html);
    }

    [Theory]
    [InlineData("America/Cordoba", "America/Argentina/Cordoba")]
    [InlineData("UTC", "UTC")]
    public async Task A_zone_the_browser_reports_by_an_old_name_is_shown_and_selected_by_its_canonical_name(string reported, string shown)
    {
        using var client = fixture.Gateway.CreateClient();
        client.DefaultRequestHeaders.Add("Cookie", $"tz={reported}; lang=en");

        var html = await client.GetStringAsync(SessionPath);

        Assert.Contains($"<span class=\"zone\">({shown})</span></dd>", html);
        Assert.Contains($"<option selected>{shown}</option>", html);
    }

    [Fact]
    public async Task A_reviewed_translation_is_not_marked_as_machine_made()
    {
        using var client = fixture.Gateway.CreateClient();

        var html = await client.GetStringAsync(SessionPath + "?lang=en");

        Assert.Contains(">Social innovation</h1>", html);
        Assert.DoesNotContain("machine-translated", html);
    }

    [Fact]
    public async Task Markup_written_by_a_partner_is_shown_as_text_and_its_javascript_link_is_no_link()
    {
        using var client = fixture.Gateway.CreateClient();

        var programme = await client.GetStringAsync("/");
        var session = await client.GetStringAsync($"/sessions/{FakeServices.Hostile}");

        foreach (var html in new[] { programme, session })
        {
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
            Assert.DoesNotContain("<script>alert", html);
        }
        Assert.Contains("Report &lt;b&gt;2021&lt;/b&gt;", session);
        Assert.DoesNotContain("javascript:", session);
        Assert.Contains("&lt;i&gt;en&lt;/i&gt;", (await client.GetStringAsync($"/sessions/{FakeServices.Hostile}?lang=fr")));
    }

    [Fact]
    public async Task Field_problems_from_Registration_are_shown_next_to_their_field()
    {
        using var client = fixture.Gateway.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await SubmitAsync(client, name: "", email: "ana@example.org");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Matches("<input id=\"name\" name=\"Form.Name\"[^>]*aria-invalid=\"true\" aria-describedby=\"name-error\"", html);
        Assert.Contains("<p id=\"name-error\" class=\"field-error\">Name is required.</p>", html);
        Assert.Contains("role=\"alert\"", html);
        Assert.Contains("value=\"ana@example.org\"", html);
    }

    [Fact]
    public async Task A_registration_leads_to_its_confirmation_with_the_waiting_list_position()
    {
        using var client = fixture.Gateway.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await SubmitAsync(client, name: "Ana Prueba", email: "ana@example.org");
        var sent = services.Registrations.Last();

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.Equal($"/registrations/{FakeServices.RegistrationId}/confirmation?token={FakeServices.ManageToken}", new Uri(new Uri("http://x"), location).PathAndQuery);
        Assert.Equal("America/Argentina/Cordoba", (string?)sent["timeZone"]);
        Assert.Equal("es", (string?)sent["language"]);

        var confirmation = await client.GetStringAsync(location);
        Assert.Contains("Está en la lista de espera", confirmation);
        Assert.Contains("En la lista de espera, posición 3", confirmation);
        Assert.Contains($"href=\"/registrations/{FakeServices.RegistrationId}?token={FakeServices.ManageToken}\"", confirmation);
    }

    [Fact]
    public async Task A_sent_form_changed_and_sent_again_is_told_so_and_can_then_register_the_new_details()
    {
        using var client = fixture.Gateway.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("Cookie", "tz=America/Argentina/Cordoba");
        var form = Form(await client.GetStringAsync(SessionPath + "?lang=en"), "register");
        form["Form.Name"] = "Ana Prueba";
        form["Form.Email"] = "ana@example.org";
        form["Form.TimeZone"] = "America/Argentina/Cordoba";
        form["Form.Language"] = "en";

        using var first = await client.PostAsync(SessionPath + "?lang=en", new FormUrlEncodedContent(form));
        form["Form.Name"] = "Bea Prueba"; // back in the browser, the same form (and key) with other details
        form["Form.Email"] = "bea@example.org";
        using var changed = await client.PostAsync(SessionPath + "?lang=en", new FormUrlEncodedContent(form));
        var html = await changed.Content.ReadAsStringAsync();
        var renewed = Form(html, "register");
        foreach (var field in new[] { "Form.Name", "Form.Email", "Form.TimeZone", "Form.Language" })
        {
            renewed[field] = form[field]; // what the visitor sees filled in and sends again
        }
        using var resent = await client.PostAsync(SessionPath + "?lang=en", new FormUrlEncodedContent(renewed));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, changed.StatusCode);
        Assert.Null(changed.Headers.Location);
        Assert.Contains("This form was already sent with other details, which were registered.", html);
        Assert.DoesNotContain(FakeServices.ManageToken, html);
        Assert.Contains("value=\"bea@example.org\"", html);
        Assert.Contains("value=\"Bea Prueba\"", html);
        var keys = services.RegistrationKeys.TakeLast(3).ToList();
        Assert.Equal(form["Form.IdempotencyKey"], keys[0]);
        Assert.Equal(keys[0], keys[1]);
        Assert.NotEqual(keys[0], renewed["Form.IdempotencyKey"]);
        Assert.Equal(renewed["Form.IdempotencyKey"], keys[2]);
        Assert.Equal(HttpStatusCode.Redirect, resent.StatusCode);
        Assert.Equal("bea@example.org", (string?)services.Registrations.Last()["email"]);
    }

    [Fact]
    public async Task The_manage_page_shows_the_registration_and_cancels_it()
    {
        using var client = fixture.Gateway.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var path = $"/registrations/{FakeServices.RegistrationId}?token={FakeServices.ManageToken}&lang=en";

        using var page = await client.GetAsync(path);
        var html = await page.Content.ReadAsStringAsync();
        var form = Form(html, "cancel");
        using var cancelled = await client.PostAsync(path, new FormUrlEncodedContent(form));

        Assert.True(page.Headers.CacheControl?.NoStore, "manage pages are not stored");
        Assert.Contains("On the waiting list, position 3", html);
        Assert.Contains("Ana &lt;b&gt;Prueba&lt;/b&gt;", html);
        Assert.Contains("Social innovation", html);
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        Assert.Contains($"DELETE /api/v1/registrations/{FakeServices.RegistrationId}", services.Requests);
    }

    [Theory]
    [InlineData("wrong-token")]
    [InlineData("bad\ttoken")]
    [InlineData("")]
    public async Task A_manage_link_with_a_wrong_token_says_it_is_not_valid(string token)
    {
        using var client = fixture.Gateway.CreateClient();

        using var response = await client.GetAsync($"/registrations/{FakeServices.RegistrationId}?token={Uri.EscapeDataString(token)}&lang=en");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("This link is not valid", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_session_is_a_404_page()
    {
        using var client = fixture.Gateway.CreateClient();

        using var response = await client.GetAsync($"/sessions/{Guid.NewGuid()}?lang=en");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Session not found", await response.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string name, string email)
    {
        client.DefaultRequestHeaders.Add("Cookie", "tz=America/Argentina/Cordoba");
        var html = await client.GetStringAsync(SessionPath + "?lang=es");
        var form = Form(html, "register");
        form["Form.Name"] = name;
        form["Form.Email"] = email;
        form["Form.TimeZone"] = "America/Argentina/Cordoba";
        form["Form.Language"] = "es";
        return await client.PostAsync(SessionPath, new FormUrlEncodedContent(form));
    }

    private static Dictionary<string, string> Form(string html, string handler) => PageForms.Hidden(html, handler);
}
