using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Conference.Translation.Engines;

/// <summary>LibreTranslate settings (<c>Translation:LibreTranslate</c>).</summary>
internal sealed class LibreTranslateOptions
{
    /// <summary>API key, when the server requires one.</summary>
    public string? ApiKey { get; set; }
}

/// <summary>
/// LibreTranslate (<c>POST /translate</c> with JSON <c>{ q, source, target, format: "text", api_key }</c>,
/// answering <c>{ translatedText }</c>, or <c>{ error }</c> with 400/403/429/500). Codes are ISO 639-1.
/// <c>q</c> may be an array, answered by an array of <c>translatedText</c>.
/// </summary>
internal sealed class LibreTranslateEngine(HttpClient http, IOptions<LibreTranslateOptions> options) : ITranslationEngine
{
    public string Name => "libretranslate";

    public async Task<string> TranslateAsync(string text, string from, string to, CancellationToken ct = default)
    {
        var request = new Request(text, from, to, "text", NullIfEmpty(options.Value.ApiKey));
        using var response = await http.PostAsJsonAsync("translate", request, ct);
        await EnsureSuccessAsync(response, ct);
        var body = await response.Content.ReadFromJsonAsync<SingleResponse>(ct);
        return body?.TranslatedText ?? throw new TranslationEngineException("LibreTranslate gave no translatedText.");
    }

    public async Task<IReadOnlyList<string>> TranslateManyAsync(IReadOnlyList<string> texts, string from, string to, CancellationToken ct = default)
    {
        if (texts.Count == 0)
        {
            return [];
        }
        var request = new Request(texts, from, to, "text", NullIfEmpty(options.Value.ApiKey));
        using var response = await http.PostAsJsonAsync("translate", request, ct);
        await EnsureSuccessAsync(response, ct);
        var body = await response.Content.ReadFromJsonAsync<BatchResponse>(ct);
        return body?.TranslatedText is { } list && list.Count == texts.Count
            ? list
            : throw new TranslationEngineException("LibreTranslate gave no translatedText list of the right length.");
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        string? error = null;
        try
        {
            error = (await response.Content.ReadFromJsonAsync<ErrorResponse>(ct))?.Error;
        }
        catch (System.Text.Json.JsonException)
        {
            // not JSON: the status says enough
        }
        throw new TranslationEngineException($"LibreTranslate answered {(int)response.StatusCode}: {error ?? response.ReasonPhrase}");
    }

    private sealed record Request(
        [property: JsonPropertyName("q")] object Q,
        [property: JsonPropertyName("source")] string Source,
        [property: JsonPropertyName("target")] string Target,
        [property: JsonPropertyName("format")] string Format,
        [property: JsonPropertyName("api_key"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ApiKey);

    private sealed record SingleResponse([property: JsonPropertyName("translatedText")] string? TranslatedText);

    private sealed record BatchResponse([property: JsonPropertyName("translatedText")] List<string>? TranslatedText);

    private sealed record ErrorResponse([property: JsonPropertyName("error")] string? Error);
}
