using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Conference.EndToEnd.Tests.Gateway;

/// <summary>The partners' API reference at <c>/api</c>: every service's OpenAPI document, browsable in Chromium under the gateway's content security policy.</summary>
[Collection(ConferenceCollection.Name)]
public sealed class ApiReferenceBrowserTests(ConferenceApp app) : IAsyncLifetime
{
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
    public async Task The_api_page_links_each_service_document_and_the_reference_shows_their_operations()
    {
        foreach (var service in new[] { "catalog", "registration", "notification", "translation" })
        {
            var document = await app.Gateway.GetFromJsonAsync<JsonElement>($"/api/openapi/{service}.json");
            Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
            Assert.NotEmpty(document.GetProperty("paths").EnumerateObject());
        }

        var page = await _browser!.VisitorAsync(app.Gateway.BaseAddress!, "en-GB", "Europe/London");
        var blocked = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                blocked.Add(message.Text);
            }
        };

        await page.GotoAsync("/api?lang=en");
        await Expect(page.Locator("a[href='/api/openapi/catalog.json']")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Browse the API reference" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Catalog | v1" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "get /api/v1/programme" })).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "10-api-reference");

        Assert.Empty(blocked);
    }
}
