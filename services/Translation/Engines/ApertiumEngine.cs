using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Conference.Translation.Engines;

/// <summary>
/// Apertium APy (<c>apertium-apy</c>; connection string <c>apertium</c> = its base URL, e.g.
/// <c>http://127.0.0.1:2737</c>). <c>POST /translate</c> with form fields <c>langpair=fra|spa</c>,
/// <c>q</c>, <c>markUnknown=no</c> answers <c>{ responseData: { translatedText }, responseStatus }</c>.
/// Pairs come from <c>/listPairs</c>; a pair it lacks goes through a pivot it has (Debian ships
/// eng↔spa and fra↔spa, so French↔English pivots through Spanish). Each hop's answer per segment is
/// shared through <see cref="ApertiumHopCache"/>, so the Spanish made for one job is the pivot of
/// the English job of the same session.
/// </summary>
internal sealed class ApertiumEngine(HttpClient http, ApertiumPairs pairs, ApertiumHopCache hops) : ITranslationEngine
{
    /// <summary>
    /// Most characters sent in one request. APy 0.11 cuts a request into at most 10 pieces, of
    /// 501–1,000 characters when its pipeline is shared (up to 4 KB when not), and silently drops
    /// whatever is left (<c>split_for_translation</c> in <c>apertium_apy/utils/translation.py</c>;
    /// 52,798 characters came back as 37,586 here). Under 9 × 502 characters nothing is dropped.
    /// </summary>
    internal const int MaxRequestChars = 4_500;

    public string Name => "apertium";

    public async Task<string> TranslateAsync(string text, string from, string to, CancellationToken ct = default)
    {
        var result = await TranslateManyAsync([text], from, to, ct);
        return result[0];
    }

    /// <summary>
    /// Per hop, the segments not already translated (or in flight) go in as few requests as
    /// <see cref="MaxRequestChars"/> allows, joined by blank lines (Apertium keeps line breaks as they
    /// are); an answer that does not split back into as many segments is asked again in halves,
    /// down to one segment per request. A segment longer than a request is cut after its sentences.
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

    /// <summary>
    /// Starts Apertium's pipeline for every hop between two of <paramref name="languages"/> (one short
    /// request each, all at once); returns each hop with how long it took.
    /// </summary>
    public async Task<IReadOnlyList<string>> WarmUpAsync(IReadOnlyList<string> languages, CancellationToken ct = default)
    {
        var codes = languages.Select(LanguageCodes.ToApertium).Distinct().ToList();
        var hopPairs = new HashSet<(string, string)>();
        foreach (var from in codes)
        {
            foreach (var to in codes.Where(t => t != from))
            {
                if (await pairs.TryRouteAsync(http, from, to, ct) is { } route)
                {
                    for (var i = 0; i < route.Count - 1; i++)
                    {
                        hopPairs.Add((route[i], route[i + 1]));
                    }
                }
            }
        }
        return await Task.WhenAll(hopPairs.Select(async p =>
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await CallAsync("Bonjour.", p.Item1, p.Item2, ct);
            return $"{p.Item1}|{p.Item2} {(int)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds} ms";
        }));
    }

    private async Task<IReadOnlyList<string>> HopAsync(IReadOnlyList<string> texts, string from, string to, CancellationToken ct)
    {
        var pair = $"{from}|{to}";
        var answers = new Task<string>[texts.Count];
        var mine = new List<(string Text, TaskCompletionSource<string> Owner)>();
        for (var i = 0; i < texts.Count; i++)
        {
            var (answer, owner) = hops.GetOrClaim(pair, texts[i]);
            answers[i] = answer;
            if (owner is not null)
            {
                mine.Add((texts[i], owner));
            }
        }
        if (mine.Count > 0)
        {
            try
            {
                var translated = await TranslateSegmentsAsync(mine.Select(m => m.Text).ToList(), from, to, ct);
                for (var i = 0; i < mine.Count; i++)
                {
                    ApertiumHopCache.Complete(mine[i].Owner, translated[i]);
                }
            }
            catch (Exception ex)
            {
                foreach (var (text, owner) in mine)
                {
                    hops.Fail(pair, text, owner, ex);
                }
                throw;
            }
        }
        return await Task.WhenAll(answers).WaitAsync(ct);
    }

    /// <summary>Segments packed into requests of at most <see cref="MaxRequestChars"/>, in order.</summary>
    private async Task<IReadOnlyList<string>> TranslateSegmentsAsync(List<string> texts, string from, string to, CancellationToken ct)
    {
        var results = new List<string>(texts.Count);
        var batch = new List<string>();
        var size = 0;
        foreach (var text in texts)
        {
            if (text.Length > MaxRequestChars)
            {
                results.AddRange(await TranslateBatchAsync(batch, from, to, ct));
                batch.Clear();
                size = 0;
                results.Add(await TranslateLongAsync(text, from, to, ct));
                continue;
            }
            if (batch.Count > 0 && size + 2 + text.Length > MaxRequestChars)
            {
                results.AddRange(await TranslateBatchAsync(batch, from, to, ct));
                batch.Clear();
                size = 0;
            }
            size += (batch.Count > 0 ? 2 : 0) + text.Length;
            batch.Add(text);
        }
        results.AddRange(await TranslateBatchAsync(batch, from, to, ct));
        return results;
    }

    /// <summary>One request for the batch; if the answer does not split back, the halves separately.</summary>
    private async Task<IReadOnlyList<string>> TranslateBatchAsync(List<string> texts, string from, string to, CancellationToken ct)
    {
        if (texts.Count == 0)
        {
            return [];
        }
        if (texts.Count == 1)
        {
            return [await CallAsync(texts[0], from, to, ct)];
        }
        var joined = await CallAsync(string.Join("\n\n", texts), from, to, ct);
        var parts = joined.Split("\n\n").Select(p => p.Trim()).ToList();
        if (parts.Count == texts.Count)
        {
            return parts;
        }
        var half = texts.Count / 2;
        var first = await TranslateBatchAsync(texts.Take(half).ToList(), from, to, ct);
        var second = await TranslateBatchAsync(texts.Skip(half).ToList(), from, to, ct);
        return [.. first, .. second];
    }

    /// <summary>A segment longer than one request, cut after sentences (else spaces) and put back with one space.</summary>
    private async Task<string> TranslateLongAsync(string text, string from, string to, CancellationToken ct)
    {
        var pieces = new List<string>();
        var rest = text;
        while (rest.Length > MaxRequestChars)
        {
            var window = rest[..MaxRequestChars];
            var cut = window.LastIndexOf(". ", StringComparison.Ordinal);
            cut = cut > MaxRequestChars / 2 ? cut + 1 : window.LastIndexOf(' ');
            cut = cut > 0 ? cut : MaxRequestChars;
            pieces.Add(rest[..cut].Trim());
            rest = rest[cut..].TrimStart();
        }
        pieces.Add(rest);
        var translated = new List<string>(pieces.Count);
        foreach (var piece in pieces)
        {
            translated.Add((await CallAsync(piece, from, to, ct)).Trim());
        }
        return string.Join(' ', translated);
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

    /// <summary>The languages a text goes through (Apertium codes), first to last; throws when there is no route.</summary>
    public async Task<IReadOnlyList<string>> RouteAsync(HttpClient http, string from, string to, CancellationToken ct) =>
        await TryRouteAsync(http, from, to, ct) ?? throw new TranslationEngineException($"Apertium offers no route from {from} to {to}.");

    /// <summary>As <see cref="RouteAsync"/>, or null when the server offers no route.</summary>
    public async Task<IReadOnlyList<string>?> TryRouteAsync(HttpClient http, string from, string to, CancellationToken ct)
    {
        var pairs = await GetAsync(http, ct);
        if (pairs.Contains((from, to)))
        {
            return [from, to];
        }
        var pivot = pairs.Where(p => p.Item1 == from).Select(p => p.Item2).FirstOrDefault(p => pairs.Contains((p, to)));
        return pivot is null ? null : [from, pivot, to];
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
