using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Conference.Gateway.Partners;
using Conference.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Conference.Gateway.Tests;

/// <summary>Partner sign-in at POST /connect/token against the gateway's real database.</summary>
public sealed class PartnerSignInTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private WebApplicationFactory<Program> Gateway() => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        b.UseSetting("ConnectionStrings:gatewaydb", database.ConnectionString);
        b.UseSetting("Partners:oit:Secret", "oit-secret-for-tests");
        b.UseSetting("Partners:adec:Secret", "adec-secret-for-tests");
        b.UseSetting("Auth:Issuer", "http://gateway.test/");
    });

    private static FormUrlEncodedContent Credentials(string client, string secret) => new(new Dictionary<string, string>
    {
        ["grant_type"] = "client_credentials",
        ["client_id"] = client,
        ["client_secret"] = secret,
    });

    [Fact]
    public async Task A_partner_with_its_secret_gets_a_short_lived_token_naming_its_organiser_code()
    {
        await using var gateway = Gateway();
        using var client = gateway.CreateClient();

        using var response = await client.PostAsync("/connect/token", Credentials("oit", "oit-secret-for-tests"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.InRange(body.GetProperty("expires_in").GetInt32(), 1790, 1800);
        var payload = body.GetProperty("access_token").GetString()!.Split('.')[1];
        var claims = JsonDocument.Parse(Convert.FromBase64String(payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=').Replace('-', '+').Replace('_', '/'))).RootElement;
        Assert.Equal("OIT", claims.GetProperty("organiser").GetString());
        Assert.Equal("oit", claims.GetProperty("sub").GetString());
        Assert.Equal("http://gateway.test/", claims.GetProperty("iss").GetString());
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_as_invalid_client()
    {
        await using var gateway = Gateway();
        using var client = gateway.CreateClient();

        using var response = await client.PostAsync("/connect/token", Credentials("adec", "not-the-secret"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_client_without_a_configured_secret_cannot_sign_in()
    {
        await using var gateway = Gateway();
        using var client = gateway.CreateClient();

        using var response = await client.PostAsync("/connect/token", Credentials("famsi", ""));

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Too_many_token_requests_from_one_address_get_429_with_retry_after()
    {
        await using var gateway = Gateway();
        using var client = gateway.CreateClient();

        // Sent together, so all of them fall in one one-minute window even on a slow machine.
        var responses = await Task.WhenAll(Enumerable.Range(0, PartnerSignIn.TokenRequestsPerMinute + 5)
            .Select(_ => client.PostAsync("/connect/token", Credentials("adec", "wrong"))));

        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.InRange(refused.Count, 1, 5);
        Assert.All(refused, r =>
        {
            Assert.NotNull(r.Headers.RetryAfter);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        });
        Assert.All(responses.Except(refused), r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        foreach (var r in responses)
        {
            r.Dispose();
        }
    }
}
