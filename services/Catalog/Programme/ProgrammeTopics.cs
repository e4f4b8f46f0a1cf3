using Conference.Catalog.Sessions;
using Conference.Contracts;

namespace Conference.Catalog.Programme;

/// <summary>
/// A thematic line or sub-theme: title per language, and where each title came from. A language
/// absent from <see cref="TitleOrigins"/> holds a title a partner gave (card or JSON, in the session's
/// source language); <c>machine</c> and <c>reviewed</c> mark titles Translation made or a partner
/// reviewed through it (ADR 0005).
/// </summary>
internal abstract class ProgrammeTopicEntity
{
    public required string Code { get; set; }

    /// <summary>ISO 639-1 language → title.</summary>
    public Dictionary<string, string> Title { get; set; } = new(StringComparer.Ordinal);

    /// <summary>ISO 639-1 language → <c>machine</c> or <c>reviewed</c>; no entry = given by a partner.</summary>
    public Dictionary<string, string> TitleOrigins { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A title a partner gave in <paramref name="language"/>: it always stands, whatever was there.</summary>
    public void SetGivenTitle(string language, string title)
    {
        if (Title.GetValueOrDefault(language) != title || TitleOrigins.ContainsKey(language))
        {
            Title = new Dictionary<string, string>(Title, StringComparer.Ordinal) { [language] = title };
            var origins = new Dictionary<string, string>(TitleOrigins, StringComparer.Ordinal);
            origins.Remove(language);
            TitleOrigins = origins;
        }
    }

    /// <summary>
    /// A title Translation sent for <paramref name="language"/> with <paramref name="origin"/>
    /// (<c>machine</c> or <c>reviewed</c>). It fills a language without a title and replaces a machine
    /// title (the source title may have changed since); a reviewed one also replaces a reviewed one.
    /// A title a partner gave is never replaced, nor a reviewed one by a machine. True when stored.
    /// </summary>
    public bool OfferTranslatedTitle(string language, string title, string origin)
    {
        if (title.Length == 0)
        {
            return false;
        }
        if (Title.ContainsKey(language))
        {
            var current = TitleOrigins.GetValueOrDefault(language);
            var replaceable = current == TextOrigin.Machine || (current == TextOrigin.Reviewed && origin == TextOrigin.Reviewed);
            if (!replaceable)
            {
                return false;
            }
        }
        Title = new Dictionary<string, string>(Title, StringComparer.Ordinal) { [language] = title };
        TitleOrigins = new Dictionary<string, string>(TitleOrigins, StringComparer.Ordinal) { [language] = origin };
        return true;
    }

    /// <summary>As session events carry it: code and the titles that are no machine's (Translation translates from them).</summary>
    public ProgrammeTopic ToContract() => new(
        Code,
        Title.Where(t => TitleOrigins.GetValueOrDefault(t.Key) != TextOrigin.Machine)
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal));
}

/// <summary>A thematic line of the programme (table <c>thematic_lines</c>): code ("3") and title per language.</summary>
internal sealed class ThematicLine : ProgrammeTopicEntity;

/// <summary>A sub-theme of a thematic line (table <c>sub_themes</c>): code ("3.2") and title per language.</summary>
internal sealed class SubTheme : ProgrammeTopicEntity
{
    public string? ThematicLineCode { get; set; }
}

/// <summary>The fields of <c>SessionTranslated</c> that carry the titles of a session's thematic line and sub-theme.</summary>
internal static class TopicFields
{
    public const string ThematicLineTitle = "thematicLineTitle";
    public const string SubThemeTitle = "subThemeTitle";
}
