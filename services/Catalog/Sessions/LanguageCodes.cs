using System.Globalization;
using System.Text;

namespace Conference.Catalog.Sessions;

/// <summary>
/// Language spellings accepted on cards and in JSON, mapped to ISO 639-1: codes (EN, ENG, FR, FRA,
/// FRE, ES, ESP, SPA) and the names of English, French and Spanish in those three languages.
/// </summary>
internal static class LanguageCodes
{
    private static readonly Dictionary<string, string> Spellings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "en", ["eng"] = "en", ["english"] = "en", ["anglais"] = "en", ["ingles"] = "en", ["angl"] = "en", ["ang"] = "en", ["ing"] = "en",
        ["fr"] = "fr", ["fra"] = "fr", ["fre"] = "fr", ["french"] = "fr", ["francais"] = "fr", ["frances"] = "fr", ["fran"] = "fr",
        ["es"] = "es", ["esp"] = "es", ["spa"] = "es", ["spanish"] = "es", ["espagnol"] = "es", ["espanol"] = "es", ["castellano"] = "es", ["castillan"] = "es", ["sp"] = "es",
    };

    /// <summary>ISO 639-1 code for a spelling such as "SPA", "Français" or "inglés"; null when unknown.</summary>
    public static string? Normalise(string? spelling)
    {
        if (string.IsNullOrWhiteSpace(spelling))
        {
            return null;
        }
        var key = RemoveDiacritics(spelling.Trim().TrimEnd('.'));
        return Spellings.TryGetValue(key, out var code) ? code : null;
    }

    /// <summary>Whether <paramref name="code"/> is one of the forum's ISO 639-1 codes.</summary>
    public static bool IsKnown(string? code) => code is "en" or "fr" or "es";

    internal static string RemoveDiacritics(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                sb.Append(c);
            }
        }
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }
}

/// <summary>
/// Session formats: the card's first line (Atelier/Workshop/Taller → <c>workshop</c>, ...) mapped
/// to the API's format names.
/// </summary>
internal static class SessionFormats
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["atelier"] = "workshop", ["workshop"] = "workshop", ["taller"] = "workshop",
        ["panel"] = "panel", ["panel de discussion"] = "panel", ["discussion panel"] = "panel", ["panel de discusion"] = "panel",
        ["pleniere"] = "plenary", ["seance pleniere"] = "plenary", ["session pleniere"] = "plenary", ["plenary"] = "plenary", ["plenary session"] = "plenary", ["plenaria"] = "plenary", ["sesion plenaria"] = "plenary",
        ["evenement parallele"] = "side-event", ["side event"] = "side-event", ["side-event"] = "side-event", ["evento paralelo"] = "side-event",
        ["table ronde"] = "round-table", ["round table"] = "round-table", ["roundtable"] = "round-table", ["round-table"] = "round-table", ["mesa redonda"] = "round-table",
        ["webinaire"] = "webinar", ["webinar"] = "webinar", ["seminario web"] = "webinar", ["webinario"] = "webinar",
        ["conference"] = "conference", ["conferencia"] = "conference", ["keynote"] = "conference",
        ["seminaire"] = "seminar", ["seminar"] = "seminar", ["seminario"] = "seminar",
        ["forum"] = "forum", ["foro"] = "forum",
    };

    /// <summary>The API format names a session may have.</summary>
    public static readonly IReadOnlySet<string> Known = Names.Values.ToHashSet(StringComparer.Ordinal);

    /// <summary>Format name for a card's first line ("Atelier" → "workshop"); null when unknown.</summary>
    public static string? FromCard(string line)
    {
        var key = LanguageCodes.RemoveDiacritics(line.Trim().TrimEnd('.', ':').Trim());
        return Names.TryGetValue(key, out var format) ? format : null;
    }
}
