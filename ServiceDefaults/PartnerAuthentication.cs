using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Partner authentication every service applies for itself (no service trusts a caller because it
/// is inside): bearer access tokens issued by the Gateway's OpenIddict server, validated with the
/// keys the gateway publishes at its discovery document.
/// Configuration: <c>Auth:Issuer</c> (the public issuer, default <c>http://127.0.0.1:8080/</c>) and
/// <c>Auth:MetadataAddress</c> (where this service reaches the gateway's
/// <c>/.well-known/openid-configuration</c>).
/// <para>
/// The <see cref="PartnerPolicy"/> asks for a valid token carrying an organiser code and the scope
/// of the resource (<see cref="PartnerScopes.For"/>). Refusals answer RFC 9457 problem details:
/// 401 without, with a forged or with an expired token (plus <c>WWW-Authenticate</c>), 403 when
/// the token lacks the scope; ownership (403 for another partner's session) is each endpoint's.
/// </para>
/// </summary>
public static class PartnerAuthentication
{
    /// <summary>Claim carrying the organiser code of the partner (as written on session cards, e.g. <c>OIT</c>).</summary>
    public const string OrganiserClaim = "organiser";

    /// <summary>Authorization policy: an authenticated partner client holding the scope of the resource.</summary>
    public const string PartnerPolicy = "partner";

    /// <summary>Registers token validation, the <see cref="PartnerPolicy"/> policy and problem-details refusals.</summary>
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
            .AddPolicy(PartnerPolicy, p => p.RequireAuthenticatedUser().RequireClaim(OrganiserClaim).AddRequirements(new PartnerScopeRequirement()));
        builder.Services.AddSingleton<IAuthorizationHandler, PartnerScopeHandler>();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemDetailsAuthorizationResultHandler>();
        builder.Services.AddProblemDetails();
        return builder;
    }

    /// <summary>The organiser code of the calling partner, or null for an anonymous caller.</summary>
    public static string? Organiser(this ClaimsPrincipal user) => user.FindFirst(OrganiserClaim)?.Value;

    /// <summary>Names the scope an endpoint needs, instead of the one <see cref="PartnerScopes.For"/> infers from its path.</summary>
    public static TBuilder RequirePartnerScope<TBuilder>(this TBuilder endpoint, string scope) where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(new PartnerScopeMetadata(scope));
}

/// <summary>
/// Scopes of partner tokens (OAuth 2.0 <c>scope</c>), one per kind of resource of the public API
/// contract. A client asks for any subset at <c>POST /connect/token</c>; by default it gets all.
/// </summary>
public static partial class PartnerScopes
{
    /// <summary>Sessions: import, create, edit, publish, reschedule, cancel, capacity.</summary>
    public const string Sessions = "sessions";

    /// <summary>Registrations of a session, their removal, and the delivery log of messages to attendees.</summary>
    public const string Registrations = "registrations";

    /// <summary>Reviewed translations, the glossary, interpretation demand per language.</summary>
    public const string Translations = "translations";

    /// <summary>Every scope a partner client may hold.</summary>
    public static readonly string[] All = [Sessions, Registrations, Translations];

    /// <summary>
    /// The scope a partner request needs, from its path (public API contract, partner endpoints):
    /// <c>/sessions/{id}/registrations…</c> and <c>/sessions/{id}/notifications</c> → registrations;
    /// <c>/sessions/{id}/translations…</c>, <c>/sessions/{id}/languages</c> and <c>/glossary</c> →
    /// translations; every other <c>/sessions…</c> path → sessions.
    /// </summary>
    public static string For(PathString path)
    {
        var value = path.Value ?? "";
        if (RegistrationsPath().IsMatch(value))
        {
            return Registrations;
        }
        return TranslationsPath().IsMatch(value) ? Translations : Sessions;
    }

    [GeneratedRegex(@"^/api/v1/sessions/[^/]+/(registrations|notifications)(/|$)", RegexOptions.IgnoreCase)]
    private static partial Regex RegistrationsPath();

    [GeneratedRegex(@"^/api/v1/(sessions/[^/]+/(translations|languages)|glossary)(/|$)", RegexOptions.IgnoreCase)]
    private static partial Regex TranslationsPath();
}

/// <summary>Endpoint metadata naming the scope it needs (see <see cref="PartnerAuthentication.RequirePartnerScope"/>).</summary>
public sealed record PartnerScopeMetadata(string Scope);

/// <summary>The partner's token must hold the scope of the resource it calls.</summary>
internal sealed class PartnerScopeRequirement : IAuthorizationRequirement;

internal sealed class PartnerScopeHandler : AuthorizationHandler<PartnerScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PartnerScopeRequirement requirement)
    {
        if (context.Resource is HttpContext http)
        {
            var scope = http.GetEndpoint()?.Metadata.GetMetadata<PartnerScopeMetadata>()?.Scope ?? PartnerScopes.For(http.Request.Path);
            if (context.User.HasScope(scope))
            {
                context.Succeed(requirement);
            }
            else
            {
                context.Fail(new AuthorizationFailureReason(this, $"The token does not hold the scope '{scope}'."));
            }
        }
        return Task.CompletedTask;
    }
}

/// <summary>
/// Refusals of the authorization middleware as RFC 9457 problem details: the authentication
/// scheme answers first (status, <c>WWW-Authenticate</c>), then the body is written when the
/// scheme wrote none — whatever the order of the service's middleware.
/// </summary>
internal sealed class ProblemDetailsAuthorizationResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        await _default.HandleAsync(next, context, policy, authorizeResult);
        if (authorizeResult.Succeeded || context.Response.HasStarted)
        {
            return;
        }

        var (title, detail) = authorizeResult.Challenged
            ? ("Unauthorized", "A valid partner access token is required (Authorization: Bearer ...): none was given, or it is forged or expired.")
            : ("Forbidden", authorizeResult.AuthorizationFailure?.FailureReasons.FirstOrDefault()?.Message
                ?? "The partner token does not allow this request.");
        context.Response.StatusCode = authorizeResult.Challenged ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = context.Response.StatusCode, Title = title, Detail = detail },
        });
    }
}
