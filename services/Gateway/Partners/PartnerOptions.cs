namespace Conference.Gateway.Partners;

/// <summary>
/// Partner clients (OAuth 2.0 client credentials), configuration section <c>Partners</c>:
/// <c>Partners:{clientId}:Secret</c> (from the Aspire parameter <c>{clientId}-client-secret</c>) and
/// optionally <c>Partners:{clientId}:Organiser</c> (the organiser code as written on session cards;
/// default: the client id in capitals, so <c>oit</c> → <c>OIT</c>).
/// </summary>
public sealed class PartnerOptions
{
    /// <summary>Client secret; a client without one is not registered.</summary>
    public string? Secret { get; set; }

    /// <summary>Organiser code carried in the token's <c>organiser</c> claim.</summary>
    public string? Organiser { get; set; }

    /// <summary>Display name.</summary>
    public string? Name { get; set; }
}
