using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Conference.EndToEnd.Tests.Gateway;

/// <summary>
/// Issue 7's acceptance in a real browser (Debian's Chromium) against the whole system: an attendee
/// in Córdoba reads the programme in Spanish, opens the real card's session, registers, gets the
/// confirmation, follows the manage link of the email and cancels; a partner's title of markup
/// stays text on every page. Screenshots of each page are kept (see <see cref="Browser"/>).
/// </summary>
[Collection(ConferenceCollection.Name)]
public sealed class AttendeeBrowserTests(ConferenceApp app) : IAsyncLifetime
{
    private const string Cordoba = "America/Argentina/Cordoba";
    private readonly GatewayCalls _calls = new(app);
    private Browser? _browser;

    public async Task InitializeAsync() => _browser = await Browser.LaunchAsync();

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_attendee_in_Cordoba_registers_in_Spanish_and_cancels_from_the_email_link()
    {
        // The partner side: the real card under this test's own code, published, translated, in the future.
        var token = await _calls.TokenAsync("oit");
        var id = (await _calls.ImportCardAsync(token, "3.2.71")).GetProperty("id").GetString()!;
        var startsAt = new DateTimeOffset(DateTimeOffset.UtcNow.Year + 5, 6, 1, 17, 5, 0, TimeSpan.Zero);
        await _calls.PublishInFutureAsync(token, id, startsAt);
        var spanishTitle = await GatewayCalls.EventuallyAsync(TimeSpan.FromSeconds(120), async () =>
        {
            var session = await app.Gateway.GetFromJsonAsync<JsonElement>($"/api/v1/sessions/{id}");
            return session.GetProperty("title").TryGetProperty("es", out var es) && !string.IsNullOrWhiteSpace(es.GetString()) ? es.GetString() : null;
        });

        var page = await _browser!.VisitorAsync(app.Gateway.BaseAddress!, "es-AR", Cordoba);
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) => dialogs.Add(dialog.Message);

        // The programme, in Spanish, times in the zone the browser reported.
        await page.GotoAsync("/?lang=es");
        await page.WaitForSelectorAsync("html[data-tz-known='true']", new() { State = WaitForSelectorState.Attached });
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Programa");
        var card = page.Locator($"li.session-card:has(a[href='/sessions/{id}'])");
        await Expect(card).ToContainTextAsync(spanishTitle.Trim());
        await Expect(card).ToContainTextAsync("14:05–15:35");
        await Expect(card.Locator(".seats")).ToContainTextAsync("Quedan 160 de 160 plazas");
        await Browser.ScreenshotAsync(page, "1-programme-es");

        // The session: Spanish title marked as machine translation, time in Córdoba beside the card's zones.
        await card.Locator("a.session-title").ClickAsync();
        await page.WaitForURLAsync($"**/sessions/{id}");
        await Expect(page.Locator("h1#session-title")).ToHaveTextAsync(spanishTitle.Trim());
        await Expect(page.Locator("#machine-translated")).ToBeVisibleAsync();
        await Expect(page.Locator("#local-time")).ToContainTextAsync("14:05–15:35");
        await Expect(page.Locator("#local-time")).ToContainTextAsync($"({Cordoba})");
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("19:05–20:35 (UTC+02:00)");
        await Expect(page.GetByLabel("Zona horaria", new() { Exact = true })).ToHaveValueAsync(Cordoba);
        await Browser.ScreenshotAsync(page, "2-session-es");

        // Registration, by the form's labels.
        var email = $"lucia.{Guid.NewGuid().ToString("N")[..8]}@example.org";
        await page.GetByLabel("Nombre").FillAsync("Lucía Prueba");
        await page.GetByLabel("Correo electrónico").FillAsync(email);
        await page.GetByLabel("Organización").FillAsync("Cooperativa del Sur");
        await page.GetByLabel("País").FillAsync("Argentina");
        await page.GetByLabel("Idioma preferido").SelectOptionAsync("es");
        await page.GetByRole(AriaRole.Button, new() { Name = "Inscribirme" }).ClickAsync();

        await page.WaitForURLAsync("**/confirmation?token=*");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Su plaza está confirmada");
        await Expect(page.Locator(".session-summary")).ToContainTextAsync($"14:05–15:35 ({Cordoba})");
        await Browser.ScreenshotAsync(page, "3-confirmation-es");

        // The email's manage link: see, then cancel.
        var manage = await _calls.ManageLinkFromEmailAsync(email);
        await page.GotoAsync(manage);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Su inscripción");
        await Expect(page.Locator("#registration-status")).ToHaveTextAsync("Su plaza está confirmada");
        await Browser.ScreenshotAsync(page, "4-manage-es");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancelar mi inscripción" }).ClickAsync();
        await Expect(page.Locator("#registration-status")).ToHaveTextAsync("Inscripción cancelada");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancelar mi inscripción" })).ToHaveCountAsync(0);
        await Browser.ScreenshotAsync(page, "5-cancelled-es");

        // Registration agrees, and the seat is free again.
        var registrationId = manage.Split('/', '?')[2];
        using var check = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/registrations/{registrationId}");
        check.Headers.Add("X-Registration-Token", Uri.UnescapeDataString(manage[(manage.IndexOf("token=", StringComparison.Ordinal) + 6)..]));
        using var registration = await app.Gateway.SendAsync(check);
        Assert.Equal("cancelled", (await registration.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Empty(dialogs);
    }

    [Fact]
    public async Task A_title_of_markup_is_shown_literally_on_every_page()
    {
        const string Title = "<script>alert(1)</script>";
        var token = await _calls.TokenAsync("oit");
        var startsAt = new DateTimeOffset(DateTimeOffset.UtcNow.Year + 5, 7, 1, 12, 0, 0, TimeSpan.Zero);
        var created = await _calls.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/sessions", token, new
        {
            code = "9.1.1",
            format = "workshop",
            sourceLanguage = "en",
            languages = new[] { "en" },
            title = Title,
            summary = "<img src=x onerror=alert(2)> and <b>bold</b> words",
            organisers = new[] { "OIT" },
            startsAt = startsAt.UtcDateTime,
            endsAt = startsAt.AddHours(1).UtcDateTime,
            capacity = 10,
            registrationRequired = true,
            // Catalog refuses javascript: addresses itself; the markup of the document's title must stay text here.
            documents = new[] { new { title = "<a href=javascript:alert(3)>doc</a>", url = (string?)null } },
        });
        var id = created.GetProperty("id").GetString()!;
        await _calls.PublishInFutureAsync(token, id, startsAt);

        var page = await _browser!.VisitorAsync(app.Gateway.BaseAddress!, "en-GB", "Europe/Madrid");
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) => dialogs.Add(dialog.Message);

        await page.GotoAsync("/?lang=en");
        await page.WaitForSelectorAsync("html[data-tz-known='true']", new() { State = WaitForSelectorState.Attached });
        var link = page.Locator($"a[href='/sessions/{id}']");
        await Expect(link).ToContainTextAsync(Title);
        await AssertOnlyOurScriptAsync(page);
        await Browser.ScreenshotAsync(page, "6-markup-programme");

        await link.ClickAsync();
        await Expect(page.Locator("h1#session-title")).ToHaveTextAsync(Title);
        await Expect(page.Locator("article.session")).ToContainTextAsync("<img src=x onerror=alert(2)> and <b>bold</b> words");
        await Expect(page.Locator("article.session")).ToContainTextAsync("<a href=javascript:alert(3)>doc</a>");
        await Expect(page.Locator("a[href^='javascript']")).ToHaveCountAsync(0);
        Assert.StartsWith(Title, await page.TitleAsync(), StringComparison.Ordinal);
        await AssertOnlyOurScriptAsync(page);
        await Browser.ScreenshotAsync(page, "7-markup-session");

        await page.GetByLabel("Name").FillAsync("Markup Reader");
        await page.GetByLabel("Email").FillAsync($"reader.{Guid.NewGuid().ToString("N")[..8]}@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await page.WaitForURLAsync("**/confirmation?token=*");
        await Expect(page.Locator(".session-summary h2")).ToHaveTextAsync(Title);
        await AssertOnlyOurScriptAsync(page);
        await Browser.ScreenshotAsync(page, "8-markup-confirmation");

        await page.Locator("#manage-link").ClickAsync();
        await Expect(page.Locator(".session-summary h2")).ToHaveTextAsync(Title);
        await AssertOnlyOurScriptAsync(page);
        await Browser.ScreenshotAsync(page, "9-markup-manage");

        Assert.Empty(dialogs);
    }

    /// <summary>The page holds one script element, the time-zone detector; nothing a partner wrote became one.</summary>
    private static async Task AssertOnlyOurScriptAsync(IPage page)
    {
        var sources = await page.EvaluateAsync<string[]>("() => Array.from(document.scripts).map(s => s.getAttribute('src') || ('inline:' + s.textContent))");
        var script = Assert.Single(sources);
        Assert.Contains("timezone", script);
    }
}
