using System.Net.Http.Json;
using System.Text.Json;

namespace Conference.Registration.Tests;

/// <summary>
/// Registration's OpenAPI document, which partners read through the gateway (<c>/api/openapi/registration.json</c>):
/// its <c>servers</c> never names the service's own, internal address (a tester found its port there), only
/// the relative <c>/</c>: the gateway the document was fetched from.
/// </summary>
public sealed class OpenApiDocumentTests(RegistrationApp app) : IClassFixture<RegistrationApp>
{
    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1:5123")]   // as the gateway forwards it: the service's address, not the gateway's
    [InlineData("registration:8080")]
    public async Task The_document_names_the_gateway_relatively_never_the_service_address(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Host = host;

        using var response = await app.CreateClient().SendAsync(request);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();

        var servers = document.GetProperty("servers").EnumerateArray().Select(s => s.GetProperty("url").GetString()!).ToArray();
        Assert.Equal(["/"], servers);
        Assert.DoesNotContain(host, document.GetRawText());
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/v1/sessions/{id}/capacity", out _)); // paths as the gateway serves them
    }

    [Fact]
    public async Task Every_path_in_the_document_is_one_the_gateway_routes()
    {
        var document = await app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        // GET /api/v1/availability (several sessions at once) serves the gateway's own pages only.
        Assert.DoesNotContain("/api/v1/availability", paths);
        Assert.All(paths, p => Assert.True(
            p.StartsWith("/api/v1/sessions/{id}/", StringComparison.Ordinal) || p.StartsWith("/api/v1/registrations/", StringComparison.Ordinal),
            $"{p} is not under a path the gateway routes to Registration"));
    }
}
