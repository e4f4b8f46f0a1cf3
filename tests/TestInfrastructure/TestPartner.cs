using System.Security.Claims;

namespace Conference.Tests.Infrastructure;

/// <summary>
/// The claims a partner's access token carries after validation (see ServiceDefaults'
/// PartnerAuthentication and the gateway's token endpoint): <c>sub</c> (client id), <c>organiser</c>
/// (organiser code) and one <c>oi_scp</c> claim per granted scope. Service tests authenticate with
/// these through their test scheme instead of a token.
/// </summary>
public static class TestPartner
{
    /// <summary>Every partner scope (sessions, registrations, translations).</summary>
    public static readonly string[] AllScopes = ["sessions", "registrations", "translations"];

    /// <summary>Claims of a partner organising as <paramref name="organiser"/>, holding <paramref name="scopes"/> (all by default).</summary>
    public static IReadOnlyList<Claim> Claims(string organiser, params string[] scopes) =>
    [
        new Claim("sub", organiser.ToLowerInvariant()),
        new Claim("organiser", organiser),
        .. (scopes.Length == 0 ? AllScopes : scopes).Select(s => new Claim("oi_scp", s)),
    ];
}
