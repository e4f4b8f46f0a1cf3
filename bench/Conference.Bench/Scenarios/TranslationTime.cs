using System.Diagnostics;
using System.Text.Json;
using Conference.Bench.Stack;
using static Conference.Bench.Report;

namespace Conference.Bench.Scenarios;

/// <summary>
/// Translation: the real session card (French; languages EN/FR/SPA) imported and published through the
/// gateway, timed from the publish answer until Catalog serves both machine translations (English
/// and Spanish: SessionTranslated stored). First with Apertium's pipelines cold, then warm.
/// </summary>
internal static class TranslationTime
{
    public static async Task RunAsync(BenchRun run)
    {
        run.Report.Heading("Translation: the real card (samples/session-card-3.2.2-fr.txt) into English and Spanish");
        await run.DrainAsync(TimeSpan.FromMinutes(10));
        var card = await File.ReadAllTextAsync(Path.Combine(run.Paths.Root, "samples", "session-card-3.2.2-fr.txt"));
        var rows = new List<string[]>();
        double warm = 0;
        foreach (var (label, code) in new[] { ("cold (first use of each language pair)", "3.2.2"), ("warm", "3.2.9") })
        {
            var text = card.Replace("Titre de la session 3.2.2", $"Titre de la session {code}", StringComparison.Ordinal);
            var id = await run.Api.ImportCardAsync(text);
            var clock = Stopwatch.StartNew();
            await run.Api.PublishAsync(id);
            var done = false;
            while (!done && clock.Elapsed < TimeSpan.FromMinutes(2))
            {
                done = await TranslatedAsync(run, id);
                if (!done)
                {
                    await Task.Delay(50);
                }
            }
            var seconds = clock.Elapsed.TotalSeconds;
            warm = seconds;
            rows.Add([label, done ? N(seconds, 2) : "> 120", done && seconds < 5 ? "yes" : "no"]);
        }
        run.Report.Table(["run", "publish → en and es stored, s", "under 5 s"], rows);
        run.Report.Summary($"Translation of the real card into two languages: {N(warm, 2)} s warm, {rows[0][1]} s cold (acceptance < 5 s)");
    }

    private static async Task<bool> TranslatedAsync(BenchRun run, Guid id)
    {
        var session = await run.Api.SessionAsync(id);
        if (session is not { } s || !s.TryGetProperty("translations", out var t))
        {
            return false;
        }
        return new[] { "en", "es" }.All(l => t.TryGetProperty(l, out var x) && x.ValueKind == JsonValueKind.Object
            && x.TryGetProperty("origin", out var o) && o.GetString() == "machine");
    }
}
