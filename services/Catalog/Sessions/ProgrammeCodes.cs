using System.Text.RegularExpressions;

namespace Conference.Catalog.Sessions;

/// <summary>
/// The forum's codes of sessions ("3.2.2"), thematic lines ("3") and sub-themes ("3.2"), one rule for
/// JSON bodies and imported cards: ASCII digits 0-9 in groups separated by single dots, at most
/// <see cref="MaxLength"/> characters (the forum session card template). Any other character — a
/// letter, or a digit that only looks like one (fullwidth "３.２.２", Arabic-Indic "٣.٢.٢") — is
/// refused with a 422 on the field, never normalised: such a code would otherwise be a second code
/// beside "3.2.2", and silently folding it would leave the partner's card and the stored code
/// disagreeing (NFKC would not even fold Arabic-Indic digits).
/// </summary>
internal static partial class ProgrammeCodes
{
    public const int MaxLength = 20;

    /// <summary>Whether <paramref name="code"/> is digits 0-9 separated by single dots, at most <see cref="MaxLength"/> characters.</summary>
    public static bool IsValid(string code) => code.Length <= MaxLength && Format().IsMatch(code);

    /// <summary>The problem message for a code that breaks the rule; <paramref name="what"/> is "session", "thematic line" or "sub-theme".</summary>
    public static string Problem(string what, string code)
    {
        var example = what switch { "session" => "3.2.2", "sub-theme" => "3.2", _ => "3" };
        return $"'{code}' is not a {what} code: a code is ASCII digits (0-9) separated by dots, e.g. {example}.";
    }

    [GeneratedRegex(@"\A[0-9]+(?:\.[0-9]+)*\z")]
    private static partial Regex Format();
}
