using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Conference.Translation.Engines;

/// <summary>
/// Apertium APy (<c>apertium-apy</c>; connection string <c>apertium</c> = its base URL, e.g.
/// <c>http://127.0.0.1:2737</c>). <c>POST /translate</c> with form fields <c>langpair=fra|spa</c>,
/// <c>q</c>, <c>markUnknown=no</c> answers <c>{ responseData: { translatedText }, responseStatus }</c>.
/// Pairs come from <c>/listPairs</c>; a pair it lacks goes through a pivot it has (Debian ships
/// eng↔spa and fra↔spa, so French↔English pivots through Spanish).
/// </summary>
internal sealed class ApertiumEngine(HttpClient http, ApertiumPairs pairs) : ITranslationEngine
{
    public string Name => "apertium";

    public async Task<string> TranslateAsync(string text, string from, string to, CancellationToken ct = default)
    {
        var result = await TranslateManyAsync([text], from, to, ct);
        return result[0];
    }

    /// <summary>
    /// One request per hop for all segments, joined by blank lines (Apertium keeps line breaks as
    /// they are); if the answer does not split back into as many segments, one request per segment.
    /// </summary>
    public async Task<IReadOnlyList<string>> TranslateManyAsync(IReadOnlyList<string> texts, string from, string to, CancellationToken ct = default)
    {
        if (texts.Count == 0)
        {
            return [];
        }
        var route = await pairs.RouteAsync(http, LanguageCodes.ToApertium(from), LanguageCodes.ToApertium(to), ct);
        IReadOnlyList<string> current = texts;
        for (var hop = 0; hop < route.Count - 1; hop++)
        {
            current = await HopAsync(current, route[hop], route[hop + 1], ct);
        }
        return current;
    }

    private async Task<IReadOnlyList<string>> HopAsync(IReadOnlyList<string> texts, string from, string to, CancellationToken ct)
    {
        if (texts.Count > 1 && texts.All(t => !t.Contains('\n')))
        {
            var joined = await CallAsync(string.Join("\n\n", texts), from, to, ct);
            var parts = joined.Split("\n\n").Select(p => p.Trim()).ToList();
            if (parts.Count == texts.Count)
            {
                return parts;
            }
        }
        var results = new List<string>(texts.Count);
        foreach (var text in texts)
        {
            results.Add(await CallAsync(text, from, to, ct));
        }
        return results;
    }

    private async Task<string> CallAsync(string text, string from, string to, CancellationToken ct)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["langpair"] = $"{from}|{to}",
            ["q"] = text,
            ["markUnknown"] = "no",
        });
        using var response = await http.PostAsync("translate", form, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new TranslationEngineException($"Apertium answered {(int)response.StatusCode} for {from}|{to}.");
        }
        var body = await response.Content.ReadFromJsonAsync<ApertiumResponse>(ct);
        return body?.ResponseData?.TranslatedText
            ?? throw new TranslationEngineException($"Apertium gave no translatedText for {from}|{to} (status {body?.ResponseStatus}).");
    }

    private sealed record ApertiumResponse(
        [property: JsonPropertyName("responseData")] ApertiumData? ResponseData,
        [property: JsonPropertyName("responseStatus")] int ResponseStatus);

    private sealed record ApertiumData([property: JsonPropertyName("translatedText")] string? TranslatedText);
}

/// <summary>
/// The language pairs the Apertium server offers (from <c>/listPairs</c>, read once), and the route
/// for a pair: direct, or through one pivot language.
/// </summary>
internal sealed class ApertiumPairs : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private HashSet<(string, string)>? _pairs;

    public async Task<IReadOnlyList<string>> RouteAsync(HttpClient http, string from, string to, CancellationToken ct)
    {
        var pairs = await GetAsync(http, ct);
        if (pairs.Contains((from, to)))
        {
            return [from, to];
        }
        var pivot = pairs.Where(p => p.Item1 == from).Select(p => p.Item2).FirstOrDefault(p => pairs.Contains((p, to)));
        return pivot is null
            ? throw new TranslationEngineException($"Apertium offers no route from {from} to {to}.")
            : [from, pivot, to];
    }

    private async Task<HashSet<(string, string)>> GetAsync(HttpClient http, CancellationToken ct)
    {
        if (_pairs is { } known)
        {
            return known;
        }
        await _lock.WaitAsync(ct);
        try
        {
            if (_pairs is null)
            {
                var body = await http.GetFromJsonAsync<PairList>("listPairs", ct)
                    ?? throw new TranslationEngineException("Apertium /listPairs answered nothing.");
                _pairs = body.ResponseData.Select(p => (p.SourceLanguage, p.TargetLanguage)).ToHashSet();
            }
            return _pairs;
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose() => _lock.Dispose();

    private sealed record PairList([property: JsonPropertyName("responseData")] List<Pair> ResponseData);

    private sealed record Pair(
        [property: JsonPropertyName("sourceLanguage")] string SourceLanguage,
        [property: JsonPropertyName("targetLanguage")] string TargetLanguage);
}
