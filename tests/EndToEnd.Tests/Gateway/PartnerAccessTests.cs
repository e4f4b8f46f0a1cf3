using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Conference.EndToEnd.Tests.Gateway;

/// <summary>
/// Tokens, scopes and ownership for every partner endpoint of the public API contract, through
/// the gateway (each service validates the token itself): no token, a forged token (signed by
/// another key), an expired token (exp in the past; tampered or signed by another key, since only
/// the gateway holds its key), another partner's token. Refusals are RFC 9457 problem details.
/// </summary>
[Collection(ConferenceCollection.Name)]
public sealed class PartnerAccessTests(ConferenceApp app)
{
    private readonly GatewayCalls _calls = new(app);

    /// <summary>Every partner endpoint on a session organised by OIT alone: method, path, body.</summary>
    private static IEnumerable<(HttpMethod Method, string Path, Func<HttpContent?> Body)> SessionEndpoints(string id) =>
    [
        (HttpMethod.Patch, $"/api/v1/sessions/{id}", () => JsonContent.Create(new { platform = "Teams" })),
        (HttpMethod.Post, $"/api/v1/sessions/{id}/publish", () => null),
        (HttpMethod.Post, $"/api/v1/sessions/{id}/reschedule", () => JsonContent.Create(new { startsAt = "2040-01-01T10:00:00Z", endsAt = "2040-01-01T11:00:00Z" })),
        (HttpMethod.Put, $"/api/v1/sessions/{id}/capacity", () => JsonContent.Create(new { capacity = 20 })),
        (HttpMethod.Post, $"/api/v1/sessions/{id}/cancel", () => JsonContent.Create(new { reason = "test" })),
        (HttpMethod.Get, $"/api/v1/sessions/{id}/registrations", () => null),
        (HttpMethod.Delete, $"/api/v1/sessions/{id}/registrations/{Guid.NewGuid()}", () => null),
        (HttpMethod.Get, $"/api/v1/sessions/{id}/languages", () => null),
        (HttpMethod.Get, $"/api/v1/sessions/{id}/notifications", () => null),
        (HttpMethod.Put, $"/api/v1/sessions/{id}/translations/es", () => JsonContent.Create(new { title = "Título revisado" })),
    ];

    /// <summary>Partner endpoints that name no session (reading the glossary is open to anyone: Translation).</summary>
    private static IEnumerable<(HttpMethod Method, string Path, Func<HttpContent?> Body)> OtherEndpoints() =>
    [
        (HttpMethod.Post, "/api/v1/sessions/import", () => new StringContent("Atelier\n\nTitre de la session 9.9.9 : x", Encoding.UTF8, "text/plain")),
        (HttpMethod.Post, "/api/v1/sessions", () => JsonContent.Create(new { code = "9.9.8" })),
        (HttpMethod.Put, "/api/v1/glossary", () => JsonContent.Create(new { terms = Array.Empty<object>() })),
    ];

    [Fact]
    public async Task Every_partner_endpoint_refuses_a_missing_forged_or_expired_token_with_401_problem_details()
    {
        var id = await PublishedSessionOfOitAsync("9.2.1");
        var real = await _calls.TokenAsync("oit");
        var forged = ForgedToken(real, expiresAt: DateTimeOffset.UtcNow.AddHours(1));
        var expiredTampered = Tampered(real, expiresAt: DateTimeOffset.UtcNow.AddHours(-1));
        var expiredForged = ForgedToken(real, expiresAt: DateTimeOffset.UtcNow.AddHours(-1));

        var failures = new List<string>();
        foreach (var (method, path, body) in SessionEndpoints(id).Concat(OtherEndpoints()))
        {
            foreach (var (name, token) in new[] { ("no token", (string?)null), ("forged", forged), ("expired, tampered", expiredTampered), ("expired, forged", expiredForged) })
            {
                using var response = await _calls.SendAsync(method, path, token, body());
                await CollectAsync(failures, response, HttpStatusCode.Unauthorized, $"{method} {path} ({name})");
            }
        }

        Assert.Empty(failures);
        // Nothing changed: the session is as it was published.
        var session = await app.Gateway.GetFromJsonAsync<JsonElement>($"/api/v1/sessions/{id}");
        Assert.Equal("published", session.GetProperty("status").GetString());
        Assert.Equal("Zoom", session.GetProperty("platform").GetString());
    }

    [Fact]
    public async Task Another_partner_gets_403_problem_details_on_every_endpoint_of_a_session_it_does_not_organise()
    {
        var id = await PublishedSessionOfOitAsync("9.2.2");
        var adec = await _calls.TokenAsync("adec");

        var failures = new List<string>();
        foreach (var (method, path, body) in SessionEndpoints(id))
        {
            using var response = await _calls.SendAsync(method, path, adec, body());
            await CollectAsync(failures, response, HttpStatusCode.Forbidden, $"{method} {path} (ADEC)");
        }

        Assert.Empty(failures);
        var session = await app.Gateway.GetFromJsonAsync<JsonElement>($"/api/v1/sessions/{id}");
        Assert.Equal("published", session.GetProperty("status").GetString());
        var seats = await app.Gateway.GetFromJsonAsync<JsonElement>($"/api/v1/sessions/{id}/availability");
        Assert.Equal(10, seats.GetProperty("capacity").GetInt32());
    }

    [Fact]
    public async Task A_token_without_the_scope_of_the_resource_gets_403_problem_details()
    {
        var id = await PublishedSessionOfOitAsync("9.2.3");
        var sessionsOnly = await _calls.TokenAsync("oit", "sessions");
        var registrationsOnly = await _calls.TokenAsync("oit", "registrations");

        var failures = new List<string>();
        foreach (var (method, path, body, token) in new (HttpMethod, string, Func<HttpContent?>, string)[]
        {
            (HttpMethod.Patch, $"/api/v1/sessions/{id}", () => JsonContent.Create(new { platform = "Teams" }), registrationsOnly),
            (HttpMethod.Get, $"/api/v1/sessions/{id}/registrations", () => null, sessionsOnly),
            (HttpMethod.Get, $"/api/v1/sessions/{id}/notifications", () => null, sessionsOnly),
            (HttpMethod.Get, $"/api/v1/sessions/{id}/languages", () => null, registrationsOnly),
            (HttpMethod.Put, "/api/v1/glossary", () => JsonContent.Create(new { terms = Array.Empty<object>() }), sessionsOnly),
        })
        {
            using var response = await _calls.SendAsync(method, path, token, body());
            await CollectAsync(failures, response, HttpStatusCode.Forbidden, $"{method} {path}");
        }
        using var allowed = await _calls.SendAsync(HttpMethod.Get, $"/api/v1/sessions/{id}/registrations", registrationsOnly);

        Assert.Empty(failures);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task Another_partner_cannot_take_over_a_card_by_importing_it_again()
    {
        var card = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", "session-card-3.2.2-fr.txt"))
            .Replace("session 3.2.2 :", "session 3.2.72 :", StringComparison.Ordinal);
        var oitOnly = card.Replace("Organisateurs : OIT, ADEC, FAMSI", "Organisateurs : OIT", StringComparison.Ordinal);
        Assert.NotEqual(card, oitOnly);
        using var imported = await _calls.SendAsync(HttpMethod.Post, "/api/v1/sessions/import", await _calls.TokenAsync("oit"), new StringContent(oitOnly, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var adec = await _calls.TokenAsync("adec");

        // Naming itself among the organisers does not make ADEC one: the code belongs to OIT's session (409).
        using var takeover = await _calls.SendAsync(HttpMethod.Post, "/api/v1/sessions/import", adec, new StringContent(card, Encoding.UTF8, "text/plain"));
        // Importing OIT's card as it is: ADEC is not among its organisers (422 on organisers).
        using var foreign = await _calls.SendAsync(HttpMethod.Post, "/api/v1/sessions/import", adec, new StringContent(oitOnly, Encoding.UTF8, "text/plain"));

        var failures = new List<string>();
        await CollectAsync(failures, takeover, HttpStatusCode.Conflict, "import of OIT's code by ADEC");
        await CollectAsync(failures, foreign, HttpStatusCode.UnprocessableEntity, "import of OIT's card by ADEC");
        Assert.Empty(failures);
    }

    /// <summary>A session of OIT alone (JSON), published, known to Registration, Notification and Translation.</summary>
    private async Task<string> PublishedSessionOfOitAsync(string code)
    {
        var token = await _calls.TokenAsync("oit");
        var startsAt = new DateTimeOffset(DateTimeOffset.UtcNow.Year + 6, 3, 1, 15, 0, 0, TimeSpan.Zero);
        var created = await _calls.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/sessions", token, new
        {
            code,
            format = "panel",
            sourceLanguage = "en",
            languages = new[] { "en", "es" },
            title = $"Access test {code}",
            organisers = new[] { "OIT" },
            startsAt = startsAt.UtcDateTime,
            endsAt = startsAt.AddHours(1).UtcDateTime,
            platform = "Zoom",
            capacity = 10,
            registrationRequired = true,
        });
        var id = created.GetProperty("id").GetString()!;
        await _calls.PublishInFutureAsync(token, id, startsAt);
        // Each service answers for the session once it has its own copy (else 404 comes before 403).
        foreach (var path in new[] { $"/api/v1/sessions/{id}/notifications", $"/api/v1/sessions/{id}/languages", $"/api/v1/sessions/{id}/registrations" })
        {
            await GatewayCalls.EventuallyAsync(TimeSpan.FromSeconds(90), async () =>
            {
                using var r = await _calls.SendAsync(HttpMethod.Get, path, token);
                return r.StatusCode == HttpStatusCode.OK ? path : null;
            });
        }
        return id;
    }

    private static async Task CollectAsync(List<string> failures, HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
        {
            failures.Add($"{what}: {(int)response.StatusCode} {body[..Math.Min(200, body.Length)]}");
            return;
        }
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            failures.Add($"{what}: {(int)response.StatusCode} without problem details ({response.Content.Headers.ContentType}) {body[..Math.Min(200, body.Length)]}");
            return;
        }
        if (JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32() != (int)expected)
        {
            failures.Add($"{what}: problem status differs: {body}");
        }
    }

    /// <summary>A token like the real one (same header and claims, other expiry) signed with a key the gateway never had.</summary>
    private static string ForgedToken(string real, DateTimeOffset expiresAt)
    {
        var parts = real.Split('.');
        var claims = Claims(parts[1], expiresAt);
        using var key = RSA.Create(2048);
        var signingInput = $"{parts[0]}.{claims}";
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    /// <summary>The real token with its expiry changed and its real signature kept.</summary>
    private static string Tampered(string real, DateTimeOffset expiresAt)
    {
        var parts = real.Split('.');
        return $"{parts[0]}.{Claims(parts[1], expiresAt)}.{parts[2]}";
    }

    private static string Claims(string payload, DateTimeOffset expiresAt)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(Convert.FromBase64String(Pad(payload)))!.AsObject();
        json["exp"] = expiresAt.ToUnixTimeSeconds();
        json["iat"] = expiresAt.AddMinutes(-30).ToUnixTimeSeconds();
        json["nbf"] = expiresAt.AddMinutes(-30).ToUnixTimeSeconds();
        return Base64Url(Encoding.UTF8.GetBytes(json.ToJsonString()));
    }

    private static string Pad(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
