using System.Text.RegularExpressions;

namespace Conference.Translation.Sessions;

/// <summary>
/// A text cut into the units that are translated one by one: each line is a segment (a paragraph,
/// a list item or a line of a broken paragraph). Blank lines, indentation and list markers
/// (<c>- </c>, <c>* </c>, <c>• </c>, <c>1. </c>, <c>a) </c>) stay as they are; only the words are
/// translated, so paragraphs, list items and line breaks come out where they were.
/// </summary>
internal static partial class Segments
{
    /// <summary>One line: what stays (<paramref name="Prefix"/>) and what is translated (<paramref name="Content"/>, may be empty).</summary>
    public sealed record Line(string Prefix, string Content);

    public static IReadOnlyList<Line> Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        return lines.Select(l =>
        {
            var m = LinePattern().Match(l);
            return new Line(m.Groups["prefix"].Value, m.Groups["content"].Value.Trim());
        }).ToList();
    }

    /// <summary>Puts the lines back together with <paramref name="translate"/> applied to each content.</summary>
    public static string Join(IReadOnlyList<Line> lines, Func<string, string> translate) =>
        string.Join('\n', lines.Select(l => l.Content.Length == 0 ? l.Prefix.TrimEnd() : l.Prefix + translate(l.Content))).Trim('\n');

    [GeneratedRegex(@"^(?<prefix>\s*(?:[-*•–]\s+|(?:\d{1,3}|[a-zA-Z])[.)]\s+)?)(?<content>.*)$")]
    private static partial Regex LinePattern();
}
