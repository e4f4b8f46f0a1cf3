using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Validation.AspNetCore;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Partner authentication every service applies for itself (no service trusts a caller because it
/// is inside): bearer access tokens issued by the Gateway's OpenIddict server, validated with the
/// keys the gateway publishes at its discovery document.
/// Configuration: <c>Auth:Issuer</c> (the public issuer, default <c>http://127.0.0.1:8080/</c>) and
/// <c>Auth:MetadataAddress</c> (where this service reaches the gateway's
/// <c>/.well-known/openid-configuration</c>).
/// </summary>
public static class PartnerAuthentication
{
    /// <summary>Claim carrying the organiser code of the partner (as written on session cards, e.g. <c>OIT</c>).</summary>
    public const string OrganiserClaim = "organiser";

    /// <summary>Authorization policy: any authenticated partner client.</summary>
    public const string PartnerPolicy = "partner";

    /// <summary>Registers token validation and the <see cref="PartnerPolicy"/> policy.</summary>
    public static TBuilder AddPartnerAuthentication<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var issuer = builder.Configuration["Auth:Issuer"] ?? "http://127.0.0.1:8080/";
        var metadata = builder.Configuration["Auth:MetadataAddress"];
        builder.Services.AddOpenIddict().AddValidation(options =>
        {
            options.SetIssuer(issuer);
            if (!string.IsNullOrWhiteSpace(metadata))
            {
                options.Configure(o => o.ConfigurationEndpoint = new Uri(metadata));
            }
            options.UseSystemNetHttp();
            options.UseAspNetCore();
        });
        builder.Services.AddAuthentication(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(PartnerPolicy, p => p.RequireAuthenticatedUser().RequireClaim(OrganiserClaim));
        return builder;
    }

    /// <summary>The organiser code of the calling partner, or null for an anonymous caller.</summary>
    public static string? Organiser(this ClaimsPrincipal user) => user.FindFirst(OrganiserClaim)?.Value;
}
