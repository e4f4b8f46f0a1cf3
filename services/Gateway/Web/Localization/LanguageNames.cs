namespace Conference.Gateway.Web.Localization;

/// <summary>Names of the forum's languages (ISO 639-1): in themselves, for the language switch.</summary>
public static class LanguageNames
{
    /// <summary>"English", "Français", "Español"; the code itself for another language.</summary>
    public static string Own(string code) => code switch
    {
        "en" => "English",
        "fr" => "Français",
        "es" => "Español",
        _ => code,
    };
}
