using Conference.Translation.Engines;
using Conference.Translation.Glossary;

namespace Conference.Translation.Sessions;

/// <summary>
/// Translates the text fields of one session into one language: segment by segment
/// (<see cref="Segments"/>), reusing the translation memory verbatim where it knows a segment,
/// protecting glossary terms around the engine, and cleaning what the engine returns. All the
/// segments the engine must do go in one batch, so a whole session costs one engine round trip
/// per hop.
/// </summary>
internal sealed class TextTranslator(ITranslationEngine engine)
{
    /// <summary>The engine that makes the texts.</summary>
    public string EngineName => engine.Name;

    /// <param name="fields">field → source text (non-empty).</param>
    /// <param name="from">Source language (ISO 639-1).</param>
    /// <param name="to">Target language (ISO 639-1).</param>
    /// <param name="glossary">Glossary for this pair.</param>
    /// <param name="memory">Source segment hash → reviewed target segment.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>field → translated text.</returns>
    public async Task<Dictionary<string, string>> TranslateAsync(
        IReadOnlyDictionary<string, string> fields, string from, string to,
        GlossaryProtector glossary, IReadOnlyDictionary<string, string> memory, CancellationToken ct)
    {
        var parsed = fields.ToDictionary(f => f.Key, f => Segments.Parse(f.Value));
        var toEngine = parsed.Values.SelectMany(l => l).Select(l => l.Content)
            .Where(c => c.Length > 0 && !memory.ContainsKey(SourceText.HashOf(c)))
            .Distinct()
            .ToList();

        var done = new Dictionary<string, string>();
        if (toEngine.Count > 0)
        {
            var protectedTexts = toEngine.Select(glossary.Protect).ToList();
            var translated = await engine.TranslateManyAsync(protectedTexts.Select(p => p.Text).ToList(), from, to, ct);
            if (translated.Count != toEngine.Count)
            {
                throw new TranslationEngineException($"{engine.Name} returned {translated.Count} texts for {toEngine.Count} segments.");
            }
            for (var i = 0; i < toEngine.Count; i++)
            {
                var restored = glossary.Restore(EngineText.Clean(translated[i], toEngine[i]), protectedTexts[i].Targets);
                done[toEngine[i]] = restored;
            }
        }

        return parsed.ToDictionary(
            f => f.Key,
            f => Segments.Join(f.Value, content => memory.TryGetValue(SourceText.HashOf(content), out var reviewed) ? reviewed : done[content]));
    }
}
