using System.Security.Claims;
using Conference.Gateway.Data;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Conference.Gateway.Partners;

/// <summary>
/// Partner sign-in: an OpenIddict server issuing short-lived access tokens (30 minutes) by the
/// OAuth 2.0 client credentials grant (RFC 6749 §4.4) at <c>POST /connect/token</c>. Tokens are
/// signed JWTs (not encrypted), so every service validates them itself with the keys published at
/// <c>/.well-known/jwks</c>. The token carries <c>sub</c> = client id and <c>organiser</c> = the
/// partner's organiser code.
/// </summary>
public static class PartnerSignIn
{
    /// <summary>Token requests allowed per client address and minute (a partner needs one per 30 minutes); enforced by <c>Edge/RateLimits</c>.</summary>
    public const int TokenRequestsPerMinute = 30;

    /// <summary>Registers the OpenIddict server and its EF Core stores (the token rate limit is in <c>Edge/RateLimits</c>).</summary>
    public static IHostApplicationBuilder AddPartnerSignIn(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<GatewayDbContext>("gatewaydb", configureDbContextOptions: o => o.UseOpenIddict());
        builder.Services.Configure<Dictionary<string, PartnerOptions>>(builder.Configuration.GetSection("Partners"));
        var issuer = builder.Configuration["Auth:Issuer"] ?? "http://127.0.0.1:8080/";

        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<GatewayDbContext>())
            .AddServer(o =>
            {
                o.SetIssuer(new Uri(issuer));
                o.SetTokenEndpointUris("connect/token");
                o.AllowClientCredentialsFlow();
                o.RegisterScopes(PartnerScopes.All);
                o.SetAccessTokenLifetime(TimeSpan.FromMinutes(30));
                // Development keys; a deployment supplies its own certificates (docs/adr/0002).
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                o.DisableAccessTokenEncryption();
                o.UseAspNetCore()
                    .EnableTokenEndpointPassthrough()
                    .DisableTransportSecurityRequirement();
            });

        builder.Services.AddHostedService<PartnerClientSeeder>();
        return builder;
    }

    /// <summary>
    /// <c>POST /connect/token</c> (form: grant_type=client_credentials, client_id, client_secret[, scope]).
    /// 200 <c>{ access_token, token_type: "Bearer", expires_in: 1800 }</c>; 400/401 as OAuth errors
    /// (<c>invalid_client</c>, <c>unsupported_grant_type</c>); 429 with Retry-After when too many.
    /// </summary>
    public static IEndpointRouteBuilder MapPartnerSignIn(this IEndpointRouteBuilder app)
    {
        app.MapPost("/connect/token", IssueTokenAsync)
            .WithName("IssueToken")
            .WithSummary("OAuth 2.0 client credentials token for a partner client")
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> IssueTokenAsync(HttpContext http, IOpenIddictApplicationManager applications)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict server request cannot be retrieved.");
        if (!request.IsClientCredentialsGrantType())
        {
            return Results.Forbid(
                new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.UnsupportedGrantType,
                }),
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        // The client id and secret were already checked by OpenIddict against the stored client.
        var clientId = request.ClientId!;
        var application = await applications.FindByClientIdAsync(clientId, http.RequestAborted)
            ?? throw new InvalidOperationException("The client vanished after authentication.");
        var organiser = (await applications.GetPropertiesAsync(application, http.RequestAborted))
            .TryGetValue("organiser", out var value) ? value.GetString() : clientId.ToUpperInvariant();

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, clientId);
        identity.SetClaim(Claims.Name, await applications.GetDisplayNameAsync(application, http.RequestAborted) ?? clientId);
        identity.SetClaim("organiser", organiser);
        var scopes = request.GetScopes();
        identity.SetScopes(scopes.IsDefaultOrEmpty ? PartnerScopes.All : scopes.Intersect(PartnerScopes.All));
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }
}
