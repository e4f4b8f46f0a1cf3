using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Conference.Gateway.Routing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Conference.Gateway.Tests;

/// <summary>The gateway's edge policies (Edge/*): headers, caching, rate and size limits, forwarded headers, OpenAPI links.</summary>
public sealed class EdgePolicyTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private FakeServices services => fixture.Services;

    private static readonly string RegisterPath = $"/api/v1/sessions/{FakeServices.Workshop}/registrations";

    [Theory]
    [InlineData("/")]
    [InlineData("/api")]
    [InlineData("/api/v1/sessions")]
    public async Task Every_answer_carries_the_security_headers_and_a_policy_without_inline_script(string path)
    {
        using var client = fixture.Gateway.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task HSTS_is_sent_on_https_outside_development()
    {
        using var client = fixture.Gateway.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://conference.test/") });

        using var response = await client.GetAsync("/api");

        Assert.StartsWith("max-age=", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task Public_session_reads_are_served_from_the_gateway_cache_but_partner_reads_are_not()
    {
        await using var gateway = fixture.With(new Dictionary<string, string?> { ["Edge:PublicReadCacheSeconds"] = "300" });
        using var client = gateway.CreateClient();
        var path = $"/api/v1/sessions?q=cache-{Guid.NewGuid():N}";

        using var first = await client.GetAsync(path);
        using var second = await client.GetAsync(path);
        using var partnerRead = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "any") } };
        using var third = await client.SendAsync(partnerRead);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(2, services.Count($"GET {path}"));
    }

    [Fact]
    public async Task The_programme_page_is_kept_per_language_zone_and_filters_and_never_when_it_sets_a_cookie()
    {
        await using var gateway = fixture.With(new Dictionary<string, string?> { ["Edge:PublicReadCacheSeconds"] = "300" });
        using var client = gateway.CreateClient();
        async Task<(bool Cached, string Html)> Get(string path, string language, string? cookie = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.AcceptLanguage.ParseAdd(language);
            if (cookie is not null)
            {
                request.Headers.Add("Cookie", cookie);
            }
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (response.Headers.Age is not null, await response.Content.ReadAsStringAsync());
        }

        var first = await Get("/", "es");
        var again = await Get("/", "es");
        var french = await Get("/", "fr");
        var zoned = await Get("/", "es", "tz=America/Argentina/Cordoba");
        var filtered = await Get("/?q=innovation", "es");
        var choosing = await Get("/?lang=en", "es");
        var choosingAgain = await Get("/?lang=en", "es");

        Assert.False(first.Cached);
        Assert.True(again.Cached);
        Assert.Equal(first.Html, again.Html);
        Assert.False(french.Cached);
        Assert.Contains("<html lang=\"fr\"", french.Html);
        Assert.False(zoned.Cached);
        Assert.Contains("America/Argentina/Cordoba", zoned.Html);
        Assert.False(filtered.Cached);
        Assert.False(choosing.Cached); // it sets the lang cookie
        Assert.False(choosingAgain.Cached);
        Assert.Contains("<html lang=\"en\"", choosingAgain.Html);
    }

    [Fact]
    public async Task Registrations_beyond_the_limit_per_address_get_429_problem_with_retry_after_even_with_a_token()
    {
        await using var gateway = fixture.With(new Dictionary<string, string?> { ["Edge:RegistrationRateLimitPerMinute"] = "3" });
        using var client = gateway.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.PostAsJsonAsync(RegisterPath, new { name = "Ana", email = $"ana{i}@example.org" });
            statuses.Add(response.StatusCode);
        }
        using var withToken = new HttpRequestMessage(HttpMethod.Post, RegisterPath)
        {
            Content = JsonContent.Create(new { name = "Ana", email = "ana9@example.org" }),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "forged") },
        };
        using var refused = await client.SendAsync(withToken);

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
    }

    [Fact]
    public async Task Reads_are_not_limited_by_the_registration_limit()
    {
        await using var gateway = fixture.With(new Dictionary<string, string?> { ["Edge:RegistrationRateLimitPerMinute"] = "1" });
        using var client = gateway.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync($"/api/v1/sessions/{FakeServices.Workshop}/availability");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task X_Forwarded_For_from_an_unknown_peer_cannot_choose_a_fresh_client_address()
    {
        await using var gateway = fixture.With(new Dictionary<string, string?> { ["Edge:RegistrationRateLimitPerMinute"] = "2" });
        using var client = gateway.CreateClient();

        var statuses = await PostFromAsync(client, "203.0.113.1", "203.0.113.2", "203.0.113.3");

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task X_Forwarded_For_from_a_known_proxy_names_the_client()
    {
        await using var gateway = fixture.With(new Dictionary<string, string?>
        {
            ["Edge:RegistrationRateLimitPerMinute"] = "2",
            ["Edge:KnownProxies:0"] = "10.0.0.5",
        }, clientAddress: "10.0.0.5");
        using var client = gateway.CreateClient();

        var distinct = await PostFromAsync(client, "203.0.113.1", "203.0.113.2", "203.0.113.3");
        var same = await PostFromAsync(client, "203.0.113.9", "203.0.113.9", "203.0.113.9");

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created], distinct);
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], same);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_gets_413_problem_details_before_reaching_a_service()
    {
        await using var gateway = fixture.With(new Dictionary<string, string?> { ["Edge:MaxRequestBodyBytes"] = "1000" });
        using var client = gateway.CreateClient();
        var before = services.Count("POST /api/v1/sessions/import");

        using var response = await client.PostAsync("/api/v1/sessions/import", new StringContent(new string('x', 2000)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, services.Count("POST /api/v1/sessions/import"));
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task The_public_health_endpoints_say_one_word_and_nothing_of_the_checks(string path)
    {
        using var client = fixture.Gateway.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_detailed_health_report_is_not_served_by_the_gateway()
    {
        using var client = fixture.Gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ops/health") { Headers = { { "X-Ops-Key", "" } } };

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("gatewaydb", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    public static TheoryData<string> Services() => [.. ApiDocuments.Documents.Select(d => d.Service)];

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Each_service_OpenAPI_document_is_reachable_under_api_openapi(string service)
    {
        using var client = fixture.Gateway.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>($"/api/openapi/{service}.json");
        var page = await client.GetStringAsync("/api");

        Assert.Equal("3.1.1", document.GetProperty("openapi").GetString());
        Assert.Contains($"href=\"/api/openapi/{service}.json\"", page);
    }

    [Fact]
    public async Task The_api_reference_is_served_by_the_gateway_without_a_CDN()
    {
        using var client = fixture.Gateway.CreateClient();

        using var response = await client.GetAsync("/api/reference/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"url\":\"api/openapi/catalog.json\"", html);
        Assert.DoesNotContain("cdn.jsdelivr.net", html);
    }

    private static async Task<List<HttpStatusCode>> PostFromAsync(HttpClient client, params string[] forwardedFor)
    {
        var statuses = new List<HttpStatusCode>();
        foreach (var address in forwardedFor)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, RegisterPath) { Content = JsonContent.Create(new { name = "Ana", email = "ana@example.org" }) };
            request.Headers.Add("X-Forwarded-For", address);
            using var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }
        return statuses;
    }
}

/// <summary>Which writes count against the public-write limit (decided by path, not by a token).</summary>
public sealed class PublicWriteTests
{
    [Theory]
    [InlineData("POST", "/api/v1/sessions/0197a000-0000-7000-8000-000000000322/registrations", true)]
    [InlineData("POST", "/api/v1/sessions/0197a000-0000-7000-8000-000000000322/registrations/", true)]
    [InlineData("DELETE", "/api/v1/registrations/0197a000-0000-7000-8000-0000000000aa", true)]
    [InlineData("POST", "/sessions/0197a000-0000-7000-8000-000000000322", true)]
    [InlineData("POST", "/registrations/0197a000-0000-7000-8000-0000000000aa", true)]
    [InlineData("GET", "/api/v1/sessions/0197a000-0000-7000-8000-000000000322/registrations", false)]
    [InlineData("DELETE", "/api/v1/sessions/0197a000-0000-7000-8000-000000000322/registrations/0197a000-0000-7000-8000-0000000000aa", false)]
    [InlineData("POST", "/api/v1/sessions/import", false)]
    [InlineData("POST", "/connect/token", false)]
    [InlineData("GET", "/", false)]
    public void A_write_is_public_by_its_method_and_path(string method, string path, bool expected)
    {
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        http.Request.Method = method;
        http.Request.Path = path;

        Assert.Equal(expected, Conference.Gateway.Edge.RateLimits.IsPublicWrite(http.Request));
    }
}
