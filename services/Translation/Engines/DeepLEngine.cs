using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Conference.Translation.Engines;

/// <summary>DeepL settings (<c>Translation:DeepL</c>).</summary>
internal sealed class DeepLOptions
{
    /// <summary>Authentication key (an Aspire parameter in the AppHost).</summary>
    public string? ApiKey { get; set; }

    /// <summary><c>https://api-free.deepl.com</c> (free keys, ending in <c>:fx</c>) or <c>https://api.deepl.com</c>.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>English target variant DeepL requires: <c>EN-GB</c> (default) or <c>EN-US</c>.</summary>
    public string EnglishVariant { get; set; } = "EN-GB";
}

/// <summary>
/// DeepL API v2: <c>POST /v2/translate</c>, header <c>Authorization: DeepL-Auth-Key KEY</c>, JSON
/// <c>{ text: [...], source_lang: "FR", target_lang: "EN-GB" }</c>, answering
/// <c>{ translations: [{ detected_source_language, text }] }</c> in request order; 403 for a bad key,
/// 429 too many requests, 456 quota exceeded.
/// </summary>
internal sealed class DeepLEngine(HttpClient http, IOptions<DeepLOptions> options) : ITranslationEngine
{
    // DeepL accepts at most 50 texts per request.
    private const int MaxTexts = 50;

    public string Name => "deepl";

    public async Task<string> TranslateAsync(string text, string from, string to, CancellationToken ct = default) =>
        (await TranslateManyAsync([text], from, to, ct))[0];

    public async Task<IReadOnlyList<string>> TranslateManyAsync(IReadOnlyList<string> texts, string from, string to, CancellationToken ct = default)
    {
        var key = options.Value.ApiKey;
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new TranslationEngineException("Translation:DeepL:ApiKey is not set.");
        }
        var results = new List<string>(texts.Count);
        foreach (var chunk in texts.Chunk(MaxTexts))
        {
            var request = new Request(chunk, LanguageCodes.ToDeepL(from, false, options.Value.EnglishVariant), LanguageCodes.ToDeepL(to, true, options.Value.EnglishVariant));
            using var message = new HttpRequestMessage(HttpMethod.Post, "v2/translate") { Content = JsonContent.Create(request) };
            message.Headers.Authorization = new AuthenticationHeaderValue("DeepL-Auth-Key", key);
            using var response = await http.SendAsync(message, ct);
            if (!response.IsSuccessStatusCode)
            {
                var detail = await response.Content.ReadAsStringAsync(ct);
                throw new TranslationEngineException($"DeepL answered {(int)response.StatusCode}: {(detail.Length > 300 ? detail[..300] : detail)}");
            }
            var body = await response.Content.ReadFromJsonAsync<Response>(ct);
            if (body?.Translations is not { } translations || translations.Count != chunk.Length)
            {
                throw new TranslationEngineException("DeepL gave no translations list of the right length.");
            }
            results.AddRange(translations.Select(t => t.Text ?? ""));
        }
        return results;
    }

    private sealed record Request(
        [property: JsonPropertyName("text")] IReadOnlyList<string> Text,
        [property: JsonPropertyName("source_lang")] string SourceLang,
        [property: JsonPropertyName("target_lang")] string TargetLang);

    private sealed record Response([property: JsonPropertyName("translations")] List<Item>? Translations);

    private sealed record Item(
        [property: JsonPropertyName("detected_source_language")] string? DetectedSourceLanguage,
        [property: JsonPropertyName("text")] string? Text);
}
