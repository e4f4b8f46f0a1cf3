using System.Globalization;
using System.Text.RegularExpressions;
using System.Threading.RateLimiting;
using Conference.Gateway.Partners;
using Microsoft.AspNetCore.RateLimiting;

namespace Conference.Gateway.Edge;

/// <summary>
/// Fixed one-minute windows per client address (after <c>X-Forwarded-For</c> from known proxies
/// only): token requests (<see cref="PartnerSignIn.TokenRequestsPerMinute"/>, slows the guessing
/// of secrets) and public writes (<see cref="EdgeOptions.RegistrationRateLimitPerMinute"/>).
/// Refusals are <c>429</c> problem details with <c>Retry-After</c> in seconds. Limiters are global,
/// not per endpoint: OpenIddict answers failed client authentication before routing, and YARP
/// routes carry no rate-limit metadata.
/// </summary>
internal static partial class RateLimits
{
    public static IServiceCollection AddEdgeRateLimits(this IServiceCollection services, EdgeOptions edge)
    {
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (ctx, ct) =>
            {
                if (ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                {
                    ctx.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }
                var token = ctx.HttpContext.Request.Path.StartsWithSegments("/connect/token");
                await TypedResults.Problem(
                        statusCode: StatusCodes.Status429TooManyRequests,
                        title: token ? "Too many token requests" : "Too many requests",
                        detail: token ? "Wait before asking for another token." : "Too many registrations from this address; wait a minute and try again.")
                    .ExecuteAsync(ctx.HttpContext);
            };
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                if (http.Request.Path.StartsWithSegments("/connect/token"))
                {
                    return RateLimitPartition.GetFixedWindowLimiter("token:" + client,
                        _ => Window(PartnerSignIn.TokenRequestsPerMinute));
                }
                return IsPublicWrite(http.Request)
                    ? RateLimitPartition.GetFixedWindowLimiter("write:" + client, _ => Window(edge.RegistrationRateLimitPerMinute))
                    : RateLimitPartition.GetNoLimiter("other");
            });
        });
        return services;
    }

    /// <summary>
    /// A write anyone may send without a partner token: a registration
    /// (<c>POST /api/v1/sessions/{id}/registrations</c>), an attendee's cancellation
    /// (<c>DELETE /api/v1/registrations/{id}</c>), or a form of the web pages (any write outside
    /// <c>/api</c> and <c>/connect</c>). Decided by path, not by the presence of a token, so
    /// adding an Authorization header does not escape the limit.
    /// </summary>
    public static bool IsPublicWrite(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            return false;
        }
        var path = request.Path.Value ?? "";
        if (!request.Path.StartsWithSegments("/api") && !request.Path.StartsWithSegments("/connect"))
        {
            return true;
        }
        return (HttpMethods.IsPost(request.Method) && RegistrationPath().IsMatch(path))
            || (HttpMethods.IsDelete(request.Method) && request.Path.StartsWithSegments("/api/v1/registrations"));
    }

    private static FixedWindowRateLimiterOptions Window(int permits) =>
        new() { PermitLimit = Math.Max(1, permits), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };

    [GeneratedRegex(@"^/api/v1/sessions/[^/]+/registrations/?$", RegexOptions.IgnoreCase)]
    private static partial Regex RegistrationPath();
}
