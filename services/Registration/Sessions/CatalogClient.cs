using System.Net;
using System.Net.Http.Json;

namespace Conference.Registration.Sessions;

/// <summary>What Registration reads of Catalog's public <c>GET /api/v1/sessions/{id}</c>.</summary>
internal sealed record CatalogSession(
    Guid Id,
    string? Status,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    int? Capacity,
    IReadOnlyList<string>? Languages,
    IReadOnlyList<string>? Organisers,
    int? ScheduleVersion);

/// <summary>Catalog's answer: the session, unknown to Catalog (404), or no answer at all.</summary>
internal sealed record CatalogLookup(CatalogSession? Session, bool Reachable)
{
    public static readonly CatalogLookup Unknown = new(null, true);
    public static readonly CatalogLookup Unreachable = new(null, false);
}

/// <summary>
/// Typed HTTP client for Catalog (base address <c>Services:Catalog</c>, default <c>http://catalog</c>
/// resolved by Aspire service discovery). Used only to confirm a session whose event has not arrived
/// yet; gives up after a few seconds so an attendee is answered from the local copy.
/// </summary>
internal sealed class CatalogClient(HttpClient http, ILogger<CatalogClient> logger)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(4);

    public async Task<CatalogLookup> GetSessionAsync(Guid sessionId, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Patience);
        try
        {
            using var response = await http.GetAsync($"/api/v1/sessions/{sessionId}", timeout.Token);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return CatalogLookup.Unknown;
            }
            response.EnsureSuccessStatusCode();
            var session = await response.Content.ReadFromJsonAsync<CatalogSession>(timeout.Token);
            return session is null ? CatalogLookup.Unreachable : new CatalogLookup(session, true);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Catalog did not answer for session {SessionId}; using the local copy", sessionId);
            return CatalogLookup.Unreachable;
        }
    }
}
