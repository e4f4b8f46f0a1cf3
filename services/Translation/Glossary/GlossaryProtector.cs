using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Conference.Translation.Glossary;

/// <summary>
/// Applies the forum glossary to machine translation from one language to another: every source
/// term is replaced by a placeholder the engine leaves alone (<c>ZGLZ0Z</c>), and after translation
/// the placeholder becomes the glossary's target term, in the case of the occurrence (sentence
/// start, Title Case, UPPER CASE). Acronyms (<c>DEL</c>, <c>ODD</c>) match case-sensitively, other
/// terms case-insensitively, whole words only, longest term first. Articles the engine put before a
/// placeholder are fitted to the term (French elision <c>l'économie</c>, Spanish gender and number
/// <c>la economía verde</c>), since the engine could not see the word.
/// </summary>
internal sealed partial class GlossaryProtector
{
    private readonly Regex? _pattern;
    private readonly List<(string Source, string Target, bool Acronym)> _terms;
    private readonly string _to;

    private GlossaryProtector(List<(string, string, bool)> terms, string to)
    {
        _terms = terms;
        _to = to;
        if (terms.Count > 0)
        {
            var alternatives = terms.Select((t, i) => $"(?<g{i}>{(t.Item3 ? "" : "(?i:")}{TermPattern(t.Item1)}{(t.Item3 ? "" : ")")})");
            _pattern = new Regex($@"(?<![\p{{L}}\p{{N}}])(?:{string.Join('|', alternatives)})(?![\p{{L}}\p{{N}}])", RegexOptions.CultureInvariant);
        }
    }

    /// <summary>A protector for <paramref name="from"/> → <paramref name="to"/> (ISO 639-1) from the glossary entries.</summary>
    public static GlossaryProtector For(IEnumerable<GlossaryEntry> entries, string from, string to)
    {
        var terms = entries
            .Where(e => e.Terms.TryGetValue(from, out var s) && !string.IsNullOrWhiteSpace(s) && e.Terms.TryGetValue(to, out var t) && !string.IsNullOrWhiteSpace(t))
            .Select(e => (Source: e.Terms[from].Trim(), Target: e.Terms[to].Trim(), Acronym: IsAcronym(e.Terms[from].Trim())))
            .DistinctBy(t => t.Source)
            .OrderByDescending(t => t.Source.Length)
            .ToList();
        return new GlossaryProtector(terms, to);
    }

    /// <summary>The text with placeholders, and the target term (cased) each placeholder stands for.</summary>
    public (string Text, IReadOnlyList<string> Targets) Protect(string text)
    {
        if (_pattern is null)
        {
            return (text, []);
        }
        var targets = new List<string>();
        var result = _pattern.Replace(text, m =>
        {
            var index = Enumerable.Range(0, _terms.Count).First(i => m.Groups[$"g{i}"].Success);
            var (_, target, acronym) = _terms[index];
            targets.Add(acronym || IsAcronym(target) ? target : MatchCase(m.Value, target));
            return Placeholder(targets.Count - 1);
        });
        return (result, targets);
    }

    /// <summary>Puts the target terms back in place of the placeholders of <paramref name="translated"/>.</summary>
    public string Restore(string translated, IReadOnlyList<string> targets)
    {
        if (targets.Count == 0)
        {
            return translated;
        }
        return PlaceholderWithArticle().Replace(translated, m =>
        {
            var index = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            if (index >= targets.Count)
            {
                return m.Value;
            }
            var term = targets[index];
            var article = m.Groups["art"].Success ? m.Groups["art"].Value : "";
            return FitArticle(article, term) + term;
        });
    }

    internal static string Placeholder(int index) => $"ZGLZ{index}Z";

    private string FitArticle(string article, string term)
    {
        if (article.Length == 0 || IsAcronym(term))
        {
            return article;
        }
        var word = article.TrimEnd().TrimEnd('\'', '’').ToLowerInvariant();
        var capital = char.IsUpper(article[0]);
        string? fitted = _to switch
        {
            "fr" => FrenchArticle(word, term),
            "es" => SpanishArticle(word, term),
            "en" => EnglishArticle(word, term),
            _ => null,
        };
        if (fitted is null)
        {
            return article;
        }
        return capital ? char.ToUpperInvariant(fitted[0]) + fitted[1..] : fitted;
    }

    private static string? FrenchArticle(string word, string term)
    {
        var vowel = "aeiouyhéèêàâîôûœAEIOUYHÉÈÊÀÂÎÔÛ".Contains(term[0]);
        return (word, vowel) switch
        {
            ("le" or "la" or "l", true) => "l'",
            ("l", false) => "le ",
            ("de" or "d", true) => "d'",
            ("de", false) => "de ",
            ("du", true) => "de l'",
            ("que" or "qu", true) => "qu'",
            _ => null,
        };
    }

    private static string? SpanishArticle(string word, string term)
    {
        var head = term.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0].ToLowerInvariant();
        var plural = head.EndsWith('s') && head.Length > 3;
        var stem = !plural ? head : head.EndsWith("ones") || head.EndsWith("dades") ? head[..^2] : head[..^1];
        var feminine = stem.EndsWith('a') || stem.EndsWith("ión") || stem.EndsWith("ion") || stem.EndsWith("dad") || stem.EndsWith("tud") || stem.EndsWith("umbre");
        var definite = (feminine, plural) switch { (false, false) => "el", (true, false) => "la", (false, true) => "los", (true, true) => "las" };
        var indefinite = (feminine, plural) switch { (false, false) => "un", (true, false) => "una", (false, true) => "unos", (true, true) => "unas" };
        var normalized = MultipleSpaces().Replace(word, " ");
        return normalized switch
        {
            "el" or "la" or "los" or "las" => definite + " ",
            "del" or "de la" or "de los" or "de las" => (definite == "el" ? "del" : "de " + definite) + " ",
            "al" or "a la" or "a los" or "a las" => (definite == "el" ? "al" : "a " + definite) + " ",
            "un" or "una" or "unos" or "unas" => indefinite + " ",
            _ => null,
        };
    }

    private static string? EnglishArticle(string word, string term) => (word, "aeiouAEIOU".Contains(term[0])) switch
    {
        ("a" or "an", true) => "an ",
        ("a" or "an", false) => "a ",
        _ => null,
    };

    private static bool IsAcronym(string term) =>
        term.Length <= 8 && !term.Contains(' ') && term.Count(char.IsLetter) >= 2 && term.Where(char.IsLetter).All(char.IsUpper);

    private static string TermPattern(string term)
    {
        var escaped = new StringBuilder();
        foreach (var part in term.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (escaped.Length > 0)
            {
                escaped.Append(@"\s+");
            }
            escaped.Append(Regex.Escape(part).Replace("'", "['’]").Replace("’", "['’]"));
        }
        return escaped.ToString();
    }

    /// <summary>Gives <paramref name="target"/> the case of the source occurrence.</summary>
    internal static string MatchCase(string occurrence, string target)
    {
        var letters = occurrence.Where(char.IsLetter).ToList();
        if (letters.Count > 1 && letters.All(char.IsUpper))
        {
            return target.ToUpperInvariant();
        }
        var words = occurrence.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Count(char.IsLetter) >= 4).ToList();
        if (words.Count >= 2 && words.All(w => char.IsUpper(w.First(char.IsLetter))))
        {
            var parts = target.Split(' ');
            for (var i = 0; i < parts.Length; i++)
            {
                if ((i == 0 || parts[i].Length >= 4) && parts[i].Length > 0)
                {
                    parts[i] = char.ToUpperInvariant(parts[i][0]) + parts[i][1..];
                }
            }
            return string.Join(' ', parts);
        }
        if (char.IsUpper(occurrence[0]) && !char.IsUpper(target[0]))
        {
            return char.ToUpperInvariant(target[0]) + target[1..];
        }
        return target;
    }

    [GeneratedRegex(@"(?<art>\b(?:de\s+la|de\s+los|de\s+las|a\s+la|a\s+los|a\s+las|del|al|el|la|los|las|une?|unos|unas|unas?|le|les|du|des|de|qu'|que|l'|d'|l’|d’|an?)\s*)?(?<![\p{L}\p{N}])ZGLZ(?<n>\d+)Z(?![\p{L}\p{N}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderWithArticle();

    [GeneratedRegex(@"\s+")]
    private static partial Regex MultipleSpaces();
}
