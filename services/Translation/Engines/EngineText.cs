using System.Net;
using System.Text.RegularExpressions;

namespace Conference.Translation.Engines;

/// <summary>
/// Makes an engine's answer fit to store: HTML entities decoded (<c>&amp;#39;</c> → <c>'</c>) and
/// Apertium's unknown-word (<c>*</c>), generation (<c>#</c>) and transfer (<c>@</c>) marks removed
/// when the source did not hold that character itself.
/// </summary>
public static partial class EngineText
{
    /// <summary>The clean text; <paramref name="source"/> tells which mark characters were really written.</summary>
    public static string Clean(string translated, string source)
    {
        var text = WebUtility.HtmlDecode(WebUtility.HtmlDecode(translated));
        foreach (var mark in "*#@")
        {
            if (!source.Contains(mark))
            {
                text = text.Replace(mark.ToString(), "", StringComparison.Ordinal);
            }
        }
        return SpaceBeforeNewline().Replace(text, "\n").Trim();
    }

    [GeneratedRegex(@"[ \t]+\n")]
    private static partial Regex SpaceBeforeNewline();
}
