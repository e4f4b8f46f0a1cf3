using System.Diagnostics;
using System.Text.Json;
using Conference.Bench.Stack;
using static Conference.Bench.Report;

namespace Conference.Bench.Scenarios;

/// <summary>
/// Translation: the real session card (French; languages EN/FR/SPA) imported and published through the
/// gateway, timed from the publish answer until Catalog serves both machine translations (English
/// and Spanish: SessionTranslated stored), read as the partner (the gateway caches anonymous reads
/// for 5 s, which would add up to 5 s of staleness to any figure; when an anonymous reader sees them
/// is reported beside it). Three sessions: the first after start (Translation warms
/// Apertium's pipelines when it starts, so this is the first use of its code paths, not of the
/// pipelines); one whose every paragraph is new (what Apertium costs); one repeating the first's
/// texts (Translation reuses what Apertium answered for a segment for 10 minutes, so this one
/// measures that reuse, not Apertium).
/// </summary>
internal static class TranslationTime
{
    public static async Task RunAsync(BenchRun run)
    {
        run.Report.Heading("Translation: the real card (samples/session-card-3.2.2-fr.txt) into English and Spanish");
        await run.DrainAsync(TimeSpan.FromMinutes(10));
        var card = await File.ReadAllTextAsync(Path.Combine(run.Paths.Root, "samples", "session-card-3.2.2-fr.txt"));
        var rows = new List<string[]>();
        var seconds = new List<double>();
        foreach (var (label, code, newTexts) in new[]
        {
            ("first session after start", "3.2.2", false),
            ("every paragraph new", "3.2.9", true),
            ("same texts as the first", "3.2.8", false),
        })
        {
            var text = card.Replace("Titre de la session 3.2.2", $"Titre de la session {code}", StringComparison.Ordinal);
            if (newTexts)
            {
                text = NewParagraphs(text);
            }
            var id = await run.Api.ImportCardAsync(text);
            var clock = Stopwatch.StartNew();
            await run.Api.PublishAsync(id);
            double? served = null, seen = null;
            while ((served is null || seen is null) && clock.Elapsed < TimeSpan.FromMinutes(2))
            {
                // Both reads from the publish on, as a partner and an attendee would make them.
                served ??= await TranslatedAsync(run, id, partner: true) ? clock.Elapsed.TotalSeconds : null;
                seen ??= await TranslatedAsync(run, id, partner: false) ? clock.Elapsed.TotalSeconds : null;
                if (served is null || seen is null)
                {
                    await Task.Delay(50);
                }
            }
            seconds.Add(served ?? double.PositiveInfinity);
            rows.Add([label, served is { } t ? N(t, 2) : "> 120", seen is { } a ? N(a, 2) : "> 120", served < 5 ? "yes" : "no"]);
        }
        run.Report.Table(["session", "publish → en and es served by Catalog, s", "→ seen by an anonymous reader (edge cache), s", "under 5 s"], rows);
        run.Report.Summary($"Translation of the real card into two languages: {rows[0][1]} s first after start, {rows[1][1]} s every paragraph new, " +
            $"{rows[2][1]} s same texts again (acceptance < 5 s: {(seconds[1] < 5 ? "met" : "not met")} for new texts on a running system, " +
            $"{(seconds[0] < 5 ? "met" : "not met")} for the first session after a cold start); " +
            $"anonymous readers see them up to the gateway's public cache lifetime later ({rows[0][2]}, {rows[1][2]}, {rows[2][2]} s)");
    }

    /// <summary>
    /// Whether the session shows machine translations in English and Spanish. <paramref name="partner"/>:
    /// read with the partner's token (never cached at the edge, so it shows what Catalog serves now);
    /// else anonymously, as an attendee, through the gateway's public-read cache (5 s by default).
    /// </summary>
    private static async Task<bool> TranslatedAsync(BenchRun run, Guid id, bool partner)
    {
        var session = await run.Api.SessionAsync(id, partner);
        if (session is not { } s || !s.TryGetProperty("translations", out var t))
        {
            return false;
        }
        return new[] { "en", "es" }.All(l => t.TryGetProperty(l, out var x) && x.ValueKind == JsonValueKind.Object
            && x.TryGetProperty("origin", out var o) && o.GetString() == "machine");
    }

    /// <summary>
    /// The card with every body paragraph (a line over 150 characters that is not a "Label : value"
    /// line such as the title) begun with "En 2021, ", so no segment repeats one already translated.
    /// </summary>
    private static string NewParagraphs(string card) => string.Join('\n', card.Split('\n').Select(line =>
        line.Length > 150 && !line[..40].Contains(" : ", StringComparison.Ordinal)
            ? "En 2021, " + char.ToLowerInvariant(line[0]) + line[1..]
            : line));
}
