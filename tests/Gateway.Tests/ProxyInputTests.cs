using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Conference.Gateway.Tests;

/// <summary>
/// Requests the gateway cannot forward (Routing/ProxyRequestChecks): refused by the gateway as problem
/// details, never a 502, and never sent to a service.
/// </summary>
public sealed class ProxyInputTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private FakeServices services => fixture.Services;

    private static readonly string RegisterPath = $"/api/v1/sessions/{FakeServices.Workshop}/registrations";

    [Theory]
    [InlineData("GET", "/api/v1/programme", "X-Note", "é")]
    [InlineData("GET", "/api/v1/sessions", "X-Note", "日本")]
    [InlineData("POST", "/api/v1/sessions/0197a000-0000-7000-8000-000000000322/registrations", "Idempotency-Key", "ключ-😀")]
    public async Task A_header_value_outside_ASCII_is_a_400_problem_naming_the_header(string method, string path, string header, string value)
    {
        using var client = fixture.Gateway.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), $"{path}?n={Guid.NewGuid():N}");
        Assert.True(request.Headers.TryAddWithoutValidation(header, value));
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { name = "Ana", email = "ana@example.org", language = "es", timeZone = "UTC" });
        }

        using var response = await client.SendAsync(request);
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.1", problem.GetProperty("type").GetString());
        Assert.Equal("A request header could not be read", problem.GetProperty("title").GetString());
        var messages = problem.GetProperty("errors").GetProperty(header);
        Assert.Contains("must be ASCII", messages[0].GetString());
        Assert.DoesNotContain(services.Requests, r => r.Contains(request.RequestUri!.Query, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("key\twith-tab")]
    [InlineData("key\u007f")]
    public async Task An_idempotency_key_with_a_control_character_is_a_422_problem_naming_it(string key)
    {
        using var client = fixture.Gateway.CreateClient();
        var before = services.Count($"POST {RegisterPath}");
        using var request = new HttpRequestMessage(HttpMethod.Post, RegisterPath)
        {
            Content = JsonContent.Create(new { name = "Ana", email = "ana@example.org", language = "es", timeZone = "UTC" }),
        };
        Assert.True(request.Headers.TryAddWithoutValidation("Idempotency-Key", key));

        using var response = await client.SendAsync(request);
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("printable ASCII", problem.GetProperty("errors").GetProperty("Idempotency-Key")[0].GetString());
        Assert.Equal(before, services.Count($"POST {RegisterPath}"));
    }

    [Fact]
    public async Task A_printable_idempotency_key_and_ASCII_headers_are_forwarded()
    {
        using var client = fixture.Gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, RegisterPath)
        {
            Content = JsonContent.Create(new { name = "Ana", email = "ana@example.org", language = "es", timeZone = "UTC" }),
        };
        request.Headers.Add("Idempotency-Key", "order 42/ok~");
        request.Headers.Add("X-Note", "plain text");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task The_pages_and_the_token_endpoint_still_accept_a_header_outside_ASCII()
    {
        using var client = fixture.Gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/?lang=en");
        Assert.True(request.Headers.TryAddWithoutValidation("X-Note", "é"));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("CONNECT", "/api/v1/programme")]
    [InlineData("TRACE", "/api/v1/programme")]
    [InlineData("TRACE", "/api/v1/sessions/0197a000-0000-7000-8000-000000000322/registrations")]
    [InlineData("PROPFIND", "/api/v1/sessions")]
    [InlineData("OPTIONS", "/api/v1/glossary")]
    public async Task A_method_the_API_does_not_use_is_a_405_problem_with_allow(string method, string path)
    {
        using var client = fixture.Gateway.CreateClient();
        var before = services.Requests.Count(r => r.StartsWith(method + " ", StringComparison.Ordinal));

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"], response.Content.Headers.Allow);
        Assert.Equal(405, problem.GetProperty("status").GetInt32());
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.6", problem.GetProperty("type").GetString());
        Assert.Equal("Method not allowed", problem.GetProperty("title").GetString());
        Assert.Equal(before, services.Requests.Count(r => r.StartsWith(method + " ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TRACE_on_a_page_is_a_405_problem_too()
    {
        using var client = fixture.Gateway.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Trace, "/"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("TRACE", response.Content.Headers.Allow);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
