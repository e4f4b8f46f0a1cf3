namespace Conference.Translation.Engines;

/// <summary>ISO 639-1 codes of the forum and the codes each engine speaks.</summary>
public static class LanguageCodes
{
    /// <summary>The languages the forum works in.</summary>
    public static readonly IReadOnlyList<string> Forum = ["en", "fr", "es"];

    /// <summary>Apertium uses ISO 639-3 (<c>eng</c>, <c>fra</c>, <c>spa</c>).</summary>
    public static string ToApertium(string iso6391) => iso6391.ToLowerInvariant() switch
    {
        "en" => "eng",
        "fr" => "fra",
        "es" => "spa",
        "pt" => "por",
        "ca" => "cat",
        "it" => "ita",
        var other => other,
    };

    /// <summary>DeepL source codes are upper case (<c>FR</c>); English and Portuguese targets need a variant.</summary>
    public static string ToDeepL(string iso6391, bool target, string englishVariant) => iso6391.ToUpperInvariant() switch
    {
        "EN" when target => englishVariant,
        "PT" when target => "PT-PT",
        var code => code,
    };
}
