using System.Text;

namespace Conference.Contracts;

/// <summary>
/// Rules for the short texts partners and attendees type (titles, names, organisations), the same in
/// Catalog and Registration:
/// <list type="bullet">
/// <item>Lengths count Unicode code points, what PostgreSQL's <c>varchar(n)</c> counts (an emoji is
/// one, not two UTF-16 units).</item>
/// <item>No bidirectional embedding, override or isolate controls (U+202A–U+202E, U+2066–U+2069,
/// Unicode UAX #9): they reorder what follows them, so a name or title could show something other
/// than what it holds in emails, the organisers' CSV and badges. Right-to-left text needs none of
/// them; the implicit marks U+200E/U+200F stay allowed.</item>
/// <item>Texts are kept in Normalization Form C (W3C Character Model for the World Wide Web:
/// String Matching), so the same words typed on two keyboards are the same text for search, the
/// glossary and the translation memory.</item>
/// </list>
/// </summary>
public static class PlainText
{
    /// <summary>Length in Unicode code points (a lone surrogate counts as one).</summary>
    public static int Length(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            count++;
        }
        return count;
    }

    /// <summary>Whether <paramref name="c"/> is a bidirectional embedding, override or isolate control (U+202A–U+202E, U+2066–U+2069).</summary>
    public static bool IsBidiControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>Whether <paramref name="text"/> holds a bidirectional embedding, override or isolate control.</summary>
    public static bool HasBidiControl(string text) => text.Any(IsBidiControl);

    /// <summary>
    /// <paramref name="text"/> in Normalization Form C; null when it is not valid Unicode (a lone
    /// surrogate), which callers refuse.
    /// </summary>
    public static string? ToNfc(string text)
    {
        try
        {
            return text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The problem message for a text with bidirectional controls.</summary>
    public const string BidiControlMessage = "Bidirectional override and isolate characters (U+202A to U+202E, U+2066 to U+2069) are not allowed.";

    /// <summary>The problem message for a text that is not valid Unicode.</summary>
    public const string InvalidUnicodeMessage = "Not valid Unicode text (a lone surrogate).";
}
