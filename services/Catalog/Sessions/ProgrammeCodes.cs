using System.Text.RegularExpressions;

namespace Conference.Catalog.Sessions;

/// <summary>
/// The forum's codes of sessions ("3.2.2"), thematic lines ("3") and sub-themes ("3.2"), one rule for
/// JSON bodies and imported cards (the forum session card template numbers them so):
/// <list type="bullet">
/// <item>ASCII digits 0-9 in groups separated by single dots, at most <see cref="MaxLength"/>
/// characters. Any other character — a letter, or a digit that only looks like one (fullwidth
/// "３.２.２", Arabic-Indic "٣.٢.٢") — is refused, never normalised: such a code would otherwise be a
/// second code beside "3.2.2", and silently folding it would leave the partner's card and the stored
/// code disagreeing (NFKC would not even fold Arabic-Indic digits).</item>
/// <item>No number has a leading zero ("0" itself is one): "03.2.2" or "3.02" would otherwise be a
/// second code beside "3.2.2" or "3.2" (a tester found both stored as distinct sessions and
/// sub-themes). Refused rather than folded, for the same reason.</item>
/// <item>A sub-theme belongs to its thematic line: its code is the line's code, a dot and its own
/// number(s) ("3.2" under "3"; not "4.1" or "31.2" under "3") — <see cref="SubThemeProblem"/>.
/// A session's code is not tied to its sub-theme's: cards in use name session "1.1" under sub-theme
/// "1.1" and partners number sessions freely.</item>
/// </list>
/// Each is a 422 on the field (<c>code</c>, <c>thematicLine</c>, <c>subTheme</c>).
/// </summary>
internal static partial class ProgrammeCodes
{
    public const int MaxLength = 20;

    /// <summary>Whether <paramref name="code"/> is numbers 0-9 without leading zeros separated by single dots, at most <see cref="MaxLength"/> characters.</summary>
    public static bool IsValid(string code) => code.Length <= MaxLength && Format().IsMatch(code);

    /// <summary>The problem message for a code that breaks the rule; <paramref name="what"/> is "session", "thematic line" or "sub-theme".</summary>
    public static string Problem(string what, string code)
    {
        if (Digits().IsMatch(code))
        {
            var canonical = string.Join('.', code.Split('.').Select(n => n.TrimStart('0') is { Length: > 0 } t ? t : "0"));
            return $"'{code}' is not a {what} code: a number in a code has no leading zero ({canonical}, not {code}).";
        }
        var example = what switch { "session" => "3.2.2", "sub-theme" => "3.2", _ => "3" };
        return $"'{code}' is not a {what} code: a code is ASCII digits (0-9) separated by dots, e.g. {example}.";
    }

    /// <summary>
    /// Null when sub-theme <paramref name="subTheme"/> belongs to thematic line <paramref name="line"/>
    /// (its code starts with the line's code and a dot) or either is unknown; else the problem message.
    /// </summary>
    public static string? SubThemeProblem(string? line, string? subTheme) =>
        line is null || subTheme is null || subTheme.StartsWith(line + ".", StringComparison.Ordinal)
            ? null
            : $"Sub-theme {subTheme} is not in thematic line {line}: a sub-theme's code is its thematic line's code, a dot and its own number (e.g. {line}.1).";

    [GeneratedRegex(@"\A(?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))*\z")]
    private static partial Regex Format();

    [GeneratedRegex(@"\A[0-9]+(?:\.[0-9]+)*\z")]
    private static partial Regex Digits();
}
