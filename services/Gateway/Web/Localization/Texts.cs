using Conference.Gateway.Web.Api;

namespace Conference.Gateway.Web.Localization;

/// <summary>
/// The pages' words in English (<c>Texts.resx</c>), French (<c>Texts.fr.resx</c>) and Spanish
/// (<c>Texts.es.resx</c>), read through <c>IStringLocalizer&lt;Texts&gt;</c>.
/// </summary>
public sealed class Texts;

/// <summary>
/// Counted phrases: the key's <c>One</c> form (e.g. <c>SessionsFoundOne</c>) for a count that takes
/// the singular in the current UI culture, else the key itself. The rule is CLDR's cardinal "one"
/// category for the three page languages: French for 0 and 1, English and Spanish for 1 only.
/// </summary>
public static class Counted
{
    /// <summary>The phrase for <paramref name="count"/>, formatted with <paramref name="args"/> (the count first).</summary>
    public static string Format(Microsoft.Extensions.Localization.IStringLocalizer texts, string key, long count, params object[] args)
    {
        var singular = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "fr" ? count is 0 or 1 : count == 1;
        return string.Format(System.Globalization.CultureInfo.CurrentCulture, texts[singular ? key + "One" : key], args);
    }
}

/// <summary>Partner texts (maps language → text) in the language a visitor reads.</summary>
public static class PartnerText
{
    /// <summary>
    /// The text in <paramref name="language"/>, else in the session's source language, else in any
    /// language; with the language it is actually in (for the <c>lang</c> attribute). Null when there is none.
    /// </summary>
    public static (string Text, string Language)? Pick(IReadOnlyDictionary<string, string>? texts, string language, string sourceLanguage)
    {
        if (texts is null || texts.Count == 0)
        {
            return null;
        }
        foreach (var candidate in new[] { language, sourceLanguage })
        {
            if (texts.TryGetValue(candidate, out var text) && !string.IsNullOrWhiteSpace(text))
            {
                return (text, candidate);
            }
        }
        var any = texts.FirstOrDefault(t => !string.IsNullOrWhiteSpace(t.Value));
        return any.Value is null ? null : (any.Value, any.Key);
    }

    /// <summary>The title in the reader's language (or its fallback), or the session code.</summary>
    public static (string Text, string Language) Title(SessionData session, string language) =>
        Pick(session.Title, language, session.SourceLanguage) ?? (session.Code, session.SourceLanguage);

    /// <summary>Only http and https addresses become links: a partner's <c>javascript:</c> URL stays text.</summary>
    public static Uri? SafeLink(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri : null;
}
