using System.Net;

namespace Conference.Gateway.Tests;

/// <summary>
/// Pages whose service does not answer (Registration on a closed port): 503 with <c>Retry-After</c>
/// and a page in the visitor's language, never a 500.
/// </summary>
public sealed class ServiceDownTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private GatewayHost RegistrationDown() => fixture.With(new Dictionary<string, string?>
    {
        // Port 9 (discard) on loopback: nothing listens, the connection is refused.
        ["Services:registration"] = "http://127.0.0.1:9",
    });

    [Fact]
    public async Task The_manage_page_answers_503_in_the_visitors_language()
    {
        await using var gateway = RegistrationDown();
        using var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        using var response = await client.GetAsync($"/registrations/{FakeServices.RegistrationId}?token={FakeServices.ManageToken}&lang=es");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("5", response.Headers.GetValues("Retry-After").Single());
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"es\"", html);
        Assert.Contains("El programa no puede mostrarse en este momento", html);
    }

    [Fact]
    public async Task The_programme_answers_503_with_its_notice_when_seats_cannot_be_read()
    {
        await using var gateway = RegistrationDown();
        using var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        using var response = await client.GetAsync("/?lang=en");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("The programme cannot be shown right now", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_programme_asks_every_sessions_seats_in_one_request()
    {
        using var client = fixture.Gateway.CreateClient();

        var html = await client.GetStringAsync("/?lang=en&q=seats-" + Guid.NewGuid().ToString("N")[..6]);

        Assert.Contains("159 of 160 seats left", html);
        Assert.Contains(fixture.Services.Requests, r => r.StartsWith("GET /api/v1/availability?sessions=", StringComparison.Ordinal)
            && r.Contains(FakeServices.Workshop.ToString()) && r.Contains(FakeServices.Hostile.ToString()));
    }
}
