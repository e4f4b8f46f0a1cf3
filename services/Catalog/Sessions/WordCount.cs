using System.Text.RegularExpressions;

namespace Conference.Catalog.Sessions;

/// <summary>
/// Word counting and the word limits of the forum session card template (public API contract):
/// summary 250, conceptualisation 1000, objectives 100, discussion points 150 words.
/// A word is a run of non-space characters holding at least one letter or digit, so
/// "l'innovation", "l’innovation" and "socio-économique" are one word each and a lone ":" or "—" is none.
/// </summary>
internal static partial class WordCount
{
    /// <summary>Word limit per text field (JSON field name → words).</summary>
    public static readonly IReadOnlyDictionary<string, int> Limits = new Dictionary<string, int>
    {
        [TextFields.Summary] = 250,
        [TextFields.Conceptualisation] = 1000,
        [TextFields.Objectives] = 100,
        [TextFields.DiscussionPoints] = 150,
    };

    /// <summary>Number of words in <paramref name="text"/> (0 for null or blank).</summary>
    public static int Count(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        var count = 0;
        foreach (var match in Run().EnumerateMatches(text))
        {
            var token = text.AsSpan(match.Index, match.Length);
            foreach (var c in token)
            {
                if (char.IsLetterOrDigit(c))
                {
                    count++;
                    break;
                }
            }
        }
        return count;
    }

    /// <summary>Adds an error per text over its limit ("summary: 262 words, the limit is 250").</summary>
    public static void Check(IReadOnlyDictionary<string, string> texts, Problems problems)
    {
        foreach (var (field, limit) in Limits)
        {
            if (texts.TryGetValue(field, out var text))
            {
                var words = Count(text);
                if (words > limit)
                {
                    problems.Add(field, $"{words} words; the limit is {limit} words.");
                }
            }
        }
    }

    // Any Unicode white space (including no-break spaces) separates words.
    [GeneratedRegex(@"[^\s\u00A0\u2007\u202F\u200B\uFEFF]+")]
    private static partial Regex Run();
}
