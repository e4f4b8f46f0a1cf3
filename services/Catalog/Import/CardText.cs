using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Conference.Catalog.Import;

/// <summary>Line clean-up shared by the card parser: Markdown marks, spaces, label folding.</summary>
internal static partial class CardText
{
    /// <summary>
    /// A same-length, comparison-only form: lower case, no accents, typographic apostrophes and
    /// no-break spaces made plain, so "Capacité" matches "CAPACITE" at the same indices.
    /// </summary>
    public static string Fold(string text)
    {
        var chars = new char[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            chars[i] = c switch
            {
                '\u2019' or '\u2018' or '\u02BC' or '`' => '\'',
                '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' => '-',
                _ when char.IsWhiteSpace(c) => ' ',
                _ when c > 127 && char.IsLetter(c) => char.ToLowerInvariant(c.ToString().Normalize(NormalizationForm.FormD)[0]),
                _ => char.ToLowerInvariant(c),
            };
        }
        return new string(chars);
    }

    /// <summary>
    /// A card line without Markdown marks (bold, italic, heading hashes, section numbers) and with
    /// plain single spaces, used to recognise labels and headings.
    /// </summary>
    public static string CleanLabelLine(string line)
    {
        var s = Spaces().Replace(line, " ");
        s = s.Replace("**", "", StringComparison.Ordinal).Replace("__", "", StringComparison.Ordinal).Replace("*", "", StringComparison.Ordinal);
        s = ItalicUnderscore().Replace(s, "");
        s = s.Trim().TrimStart('#', '>').Trim();
        s = SectionNumber().Replace(s, "");
        return MultipleSpaces().Replace(s, " ").Trim();
    }

    /// <summary>
    /// A line of a text section as plain text: no bold/italic marks or heading hashes; a Markdown
    /// link becomes its text (followed by its address in parentheses when it is a real web address).
    /// </summary>
    public static string CleanTextLine(string line)
    {
        var s = line.Replace('\t', ' ').TrimEnd();
        var trimmed = s.TrimStart();
        var indent = s[..(s.Length - trimmed.Length)];
        if (trimmed.StartsWith("* ", StringComparison.Ordinal) || trimmed.StartsWith("+ ", StringComparison.Ordinal))
        {
            trimmed = "- " + trimmed[2..];
        }
        if (trimmed.StartsWith('#'))
        {
            trimmed = trimmed.TrimStart('#').TrimStart();
        }
        trimmed = trimmed.Replace("**", "", StringComparison.Ordinal).Replace("__", "", StringComparison.Ordinal);
        trimmed = trimmed.Length > 2 && trimmed.StartsWith("- ", StringComparison.Ordinal)
            ? "- " + trimmed[2..].Replace("*", "", StringComparison.Ordinal)
            : trimmed.Replace("*", "", StringComparison.Ordinal);
        trimmed = ItalicUnderscore().Replace(trimmed, "");
        trimmed = Link().Replace(trimmed, m => WebAddress(m.Groups["url"].Value) is { } url ? $"{m.Groups["text"].Value} ({url})" : m.Groups["text"].Value);
        return (indent + trimmed).TrimEnd();
    }

    /// <summary>Joins section lines into text: paragraphs separated by one blank line, no leading or trailing blanks.</summary>
    public static string JoinParagraphs(IEnumerable<string> lines)
    {
        var paragraphs = new List<string>();
        var current = new List<string>();
        foreach (var line in lines)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                if (current.Count > 0)
                {
                    paragraphs.Add(string.Join('\n', current));
                    current.Clear();
                }
            }
            else
            {
                current.Add(line);
            }
        }
        if (current.Count > 0)
        {
            paragraphs.Add(string.Join('\n', current));
        }
        return string.Join("\n\n", paragraphs).Trim();
    }

    /// <summary>An absolute http(s) address, or null (placeholders such as <c>#</c>, relative or script links).</summary>
    public static string? WebAddress(string? candidate)
    {
        if (string.IsNullOrWhiteSpace(candidate) || candidate.Length > 2000)
        {
            return null;
        }
        return Uri.TryCreate(candidate.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.AbsoluteUri
            : null;
    }

    public static string CollapseSpaces(string s) => MultipleSpaces().Replace(Spaces().Replace(s, " "), " ").Trim();

    /// <summary>
    /// Whether <paramref name="text"/> holds a decimal digit other than 0-9 (fullwidth "１", Arabic-Indic "١",
    /// ...): card numbers are read in ASCII digits only, so such a value is refused by name rather than misread.
    /// </summary>
    public static bool HasNonAsciiDigit(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsDigit(rune) && rune.Value is not (>= '0' and <= '9'))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A run of ASCII digits 0-9 (as the parser's patterns match them) as a number.</summary>
    public static int ParseInt(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"[\t\u00A0\u2007\u202F\u2009\u200A]")]
    private static partial Regex Spaces();

    [GeneratedRegex(@" {2,}")]
    private static partial Regex MultipleSpaces();

    [GeneratedRegex(@"(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])")]
    private static partial Regex ItalicUnderscore();

    [GeneratedRegex(@"^(?:\d{1,2}[.)]|[IVX]{1,4}\.)\s*(?=\p{L})")]
    private static partial Regex SectionNumber();

    [GeneratedRegex(@"\[(?<text>[^\]\n]*)\]\((?<url>[^)\s]*)(?:\s+""[^""]*"")?\)")]
    public static partial Regex Link();
}
