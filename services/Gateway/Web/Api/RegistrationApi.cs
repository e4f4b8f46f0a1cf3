using System.Net;
using System.Text.Json;
using Conference.Gateway.Edge;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Conference.Gateway.Web.Api;

/// <summary>
/// The pages' calls to Registration (<c>http://registration</c> by service discovery, or
/// <c>Services:registration</c>): seats (kept for <see cref="EdgeOptions.PublicReadCacheSeconds"/>,
/// dropped when these pages change them), registering, and the attendee's own registration by its
/// manage token (header <c>X-Registration-Token</c>). Unexpected answers throw <see cref="HttpRequestException"/>.
/// </summary>
public sealed class RegistrationApi(HttpClient http, IMemoryCache cache, IOptions<EdgeOptions> edge)
{
    private const string TokenHeader = "X-Registration-Token";

    /// <summary><c>GET /api/v1/sessions/{id}/availability</c>; null while Registration has no seats for the session.</summary>
    public async Task<AvailabilityData?> AvailabilityAsync(Guid sessionId, CancellationToken ct)
    {
        var key = AvailabilityKey(sessionId);
        if (cache.TryGetValue(key, out AvailabilityData? cached))
        {
            return cached;
        }
        using var response = await http.GetAsync($"/api/v1/sessions/{sessionId}/availability", ct);
        AvailabilityData? value = null;
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            response.EnsureSuccessStatusCode();
            value = await response.Content.ReadFromJsonAsync<AvailabilityData>(ct);
        }
        cache.Set(key, value, TimeSpan.FromSeconds(Math.Max(1, edge.Value.PublicReadCacheSeconds)));
        return value;
    }

    /// <summary>
    /// Seats of many sessions (the programme): those not kept from an earlier answer are asked with
    /// <c>GET /api/v1/availability?sessions=...</c>, 200 sessions per request; a session Registration has
    /// no seats for maps to null. Kept like <see cref="AvailabilityAsync"/>.
    /// </summary>
    public async Task<Dictionary<Guid, AvailabilityData?>> AvailabilitiesAsync(IEnumerable<Guid> sessionIds, CancellationToken ct)
    {
        var seats = new Dictionary<Guid, AvailabilityData?>();
        var missing = new List<Guid>();
        foreach (var id in sessionIds.Distinct())
        {
            if (cache.TryGetValue(AvailabilityKey(id), out AvailabilityData? cached))
            {
                seats[id] = cached;
            }
            else
            {
                missing.Add(id);
            }
        }
        var keep = TimeSpan.FromSeconds(Math.Max(1, edge.Value.PublicReadCacheSeconds));
        foreach (var chunk in missing.Chunk(200))
        {
            var answer = await http.GetFromJsonAsync<List<AvailabilityData>>($"/api/v1/availability?sessions={string.Join(',', chunk)}", ct) ?? [];
            var found = answer.ToDictionary(a => a.SessionId);
            foreach (var id in chunk)
            {
                var value = found.GetValueOrDefault(id);
                cache.Set(AvailabilityKey(id), value, keep);
                seats[id] = value;
            }
        }
        return seats;
    }

    /// <summary>
    /// <c>POST /api/v1/sessions/{id}/registrations</c> with an <c>Idempotency-Key</c> (one per
    /// rendered form, so a repeated submission or a retry gives the first answer). Registration
    /// refuses that key with other details (a 422 naming <c>Idempotency-Key</c>: the form was sent,
    /// changed and sent again): <see cref="RegisterOutcome.Refused"/> <c>key-reused</c>.
    /// </summary>
    public async Task<RegisterOutcome> RegisterAsync(Guid sessionId, RegisterData body, string idempotencyKey, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sessions/{sessionId}/registrations")
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await http.SendAsync(request, ct);
        cache.Remove(AvailabilityKey(sessionId));
        switch (response.StatusCode)
        {
            case HttpStatusCode.Created:
                var answer = await response.Content.ReadFromJsonAsync<RegisterOutcome.Registered>(ct)
                    ?? throw new HttpRequestException("Registration answered 201 without a body.");
                return answer;
            case HttpStatusCode.UnprocessableEntity:
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
                var errors = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
                if (problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty("errors", out var map) && map.ValueKind == JsonValueKind.Object)
                {
                    foreach (var field in map.EnumerateObject())
                    {
                        errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                            ? [.. field.Value.EnumerateArray().Select(m => m.GetString() ?? "")]
                            : [field.Value.ToString()];
                    }
                }
                return errors.ContainsKey("Idempotency-Key") ? new RegisterOutcome.Refused("key-reused") : new RegisterOutcome.Invalid(errors);
            case HttpStatusCode.Conflict:
                var conflict = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
                var reason = conflict.ValueKind == JsonValueKind.Object && conflict.TryGetProperty("reason", out var r) ? r.GetString() : null;
                return new RegisterOutcome.Refused(reason ?? "conflict");
            case HttpStatusCode.NotFound:
                return new RegisterOutcome.Refused("unknown-session");
            case HttpStatusCode.TooManyRequests:
                return new RegisterOutcome.Refused("too-many");
            default:
                response.EnsureSuccessStatusCode();
                throw new HttpRequestException($"Registration answered {(int)response.StatusCode}.");
        }
    }

    /// <summary><c>GET /api/v1/registrations/{id}</c>; null when unknown or the token does not match.</summary>
    public Task<RegistrationData?> RegistrationAsync(Guid id, string? token, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, id, token, ct);

    /// <summary><c>DELETE /api/v1/registrations/{id}</c>: the attendee cancels; null when unknown or the token does not match.</summary>
    public async Task<RegistrationData?> CancelAsync(Guid id, string? token, CancellationToken ct)
    {
        var cancelled = await SendAsync(HttpMethod.Delete, id, token, ct);
        if (cancelled is not null)
        {
            cache.Remove(AvailabilityKey(cancelled.SessionId));
        }
        return cancelled;
    }

    private async Task<RegistrationData?> SendAsync(HttpMethod method, Guid id, string? token, CancellationToken ct)
    {
        // Manage tokens are base64url (43 characters); anything else cannot match and must not reach a header.
        if (string.IsNullOrEmpty(token) || token.Length > 200 || !token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return null;
        }
        using var request = new HttpRequestMessage(method, $"/api/v1/registrations/{id}");
        request.Headers.TryAddWithoutValidation(TokenHeader, token);
        using var response = await http.SendAsync(request, ct);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<RegistrationData>(ct);
    }

    private static string AvailabilityKey(Guid sessionId) => $"availability:{sessionId}";
}
