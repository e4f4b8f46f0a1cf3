namespace Conference.Translation.Engines;

/// <summary>
/// A machine translation engine. Languages are ISO 639-1 codes (<c>en</c>, <c>fr</c>, <c>es</c>);
/// texts are plain text (no markup) and come back raw: callers clean them with <see cref="EngineText"/>.
/// Implementations throw <see cref="TranslationEngineException"/> (or an <see cref="HttpRequestException"/>)
/// when the engine is down, slow or refuses, so the job is retried later.
/// </summary>
public interface ITranslationEngine
{
    /// <summary>Engine name recorded with each text: <c>apertium</c>, <c>libretranslate</c>, <c>deepl</c>.</summary>
    string Name { get; }

    /// <summary>Translates <paramref name="text"/> from <paramref name="from"/> to <paramref name="to"/>.</summary>
    Task<string> TranslateAsync(string text, string from, string to, CancellationToken ct = default);

    /// <summary>
    /// Translates several independent segments (paragraphs, list items); the answer has one text per
    /// segment, in order. Engines that accept batches override this to save round trips.
    /// </summary>
    async Task<IReadOnlyList<string>> TranslateManyAsync(IReadOnlyList<string> texts, string from, string to, CancellationToken ct = default)
    {
        var results = new string[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            results[i] = await TranslateAsync(texts[i], from, to, ct);
        }
        return results;
    }

    /// <summary>
    /// Readies the engine to translate between any two of <paramref name="languages"/> (ISO 639-1), so
    /// the first session does not pay the engine's start-up (Apertium starts a pipeline per pair on
    /// its first call). Returns what was warmed, for the log; throws as translating does when the
    /// engine is down. Default: nothing to do (remote services, where a call may cost money).
    /// </summary>
    Task<IReadOnlyList<string>> WarmUpAsync(IReadOnlyList<string> languages, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<string>>([]);
}

/// <summary>An engine answered with an error or an answer we cannot read.</summary>
public sealed class TranslationEngineException(string message, Exception? inner = null) : Exception(message, inner);
