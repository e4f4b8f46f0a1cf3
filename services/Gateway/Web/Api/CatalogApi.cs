using System.Net;
using Conference.Gateway.Edge;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Conference.Gateway.Web.Api;

/// <summary>Filters of the programme page, as <c>GET /api/v1/sessions</c> takes them (UTC instants for the day).</summary>
public sealed record SessionFilter(string? Language, string? ThematicLine, string? Organiser, DateTimeOffset? From, DateTimeOffset? To, string? Q);

/// <summary>
/// The pages' reads from Catalog (<c>http://catalog</c> by service discovery, or <c>Services:catalog</c>),
/// the same public endpoints partners and YARP use, kept for <see cref="EdgeOptions.PublicReadCacheSeconds"/>.
/// Failures other than 404 throw <see cref="HttpRequestException"/>.
/// </summary>
public sealed class CatalogApi(HttpClient http, IMemoryCache cache, IOptions<EdgeOptions> edge)
{
    /// <summary>Most sessions one programme page lists (100 per Catalog page).</summary>
    public const int MaxSessions = 2000;

    private TimeSpan Lifetime => TimeSpan.FromSeconds(Math.Max(1, edge.Value.PublicReadCacheSeconds));

    /// <summary><c>GET /api/v1/programme</c>.</summary>
    public Task<ProgrammeData> ProgrammeAsync(CancellationToken ct) =>
        CachedAsync("programme", async () => await http.GetFromJsonAsync<ProgrammeData>("/api/v1/programme", ct)
            ?? throw new HttpRequestException("Catalog answered an empty programme."));

    /// <summary>Every published session matching the filter, ordered by start (all pages of <c>GET /api/v1/sessions</c>).</summary>
    public Task<IReadOnlyList<SessionData>> SessionsAsync(SessionFilter filter, CancellationToken ct)
    {
        var query = new Dictionary<string, string?>
        {
            ["language"] = filter.Language,
            ["thematicLine"] = filter.ThematicLine,
            ["organiser"] = filter.Organiser,
            ["from"] = filter.From?.UtcDateTime.ToString("O"),
            ["to"] = filter.To?.UtcDateTime.ToString("O"),
            ["q"] = filter.Q,
            ["pageSize"] = "100",
        }.Where(p => !string.IsNullOrWhiteSpace(p.Value)).ToDictionary();
        var path = QueryHelpers.AddQueryString("/api/v1/sessions", query);
        return CachedAsync<IReadOnlyList<SessionData>>("sessions:" + path, async () =>
        {
            var all = new List<SessionData>();
            for (var page = 1; all.Count < MaxSessions; page++)
            {
                var result = await http.GetFromJsonAsync<SessionPageData>($"{path}&page={page}", ct)
                    ?? throw new HttpRequestException("Catalog answered an empty page.");
                all.AddRange(result.Items);
                if (result.Items.Count == 0 || all.Count >= result.Total)
                {
                    break;
                }
            }
            return all;
        });
    }

    /// <summary><c>GET /api/v1/sessions/{id}</c>; null when Catalog knows no such public session.</summary>
    public Task<SessionData?> SessionAsync(Guid id, CancellationToken ct) =>
        CachedAsync($"session:{id}", async () =>
        {
            using var response = await http.GetAsync($"/api/v1/sessions/{id}", ct);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<SessionData>(ct);
        });

    private async Task<T> CachedAsync<T>(string key, Func<Task<T>> load)
    {
        if (cache.TryGetValue(key, out T? value))
        {
            return value!;
        }
        value = await load();
        cache.Set(key, value, Lifetime);
        return value;
    }
}
