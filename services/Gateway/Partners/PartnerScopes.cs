namespace Conference.Gateway.Partners;

/// <summary>Scopes a partner client may request (all granted by default).</summary>
public static class PartnerScopes
{
    public const string Sessions = "sessions";
    public const string Registrations = "registrations";
    public const string Translations = "translations";

    public static readonly string[] All = [Sessions, Registrations, Translations];
}
