using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The operations endpoints of a service (<c>/ops/...</c>): actions the Aspire dashboard's commands
/// call (relay the outbox now, re-send failed emails, re-run stale translations). Private: the gateway
/// routes none of them, and each request must carry the ops key (configuration <c>Ops:Key</c>, the
/// AppHost's <c>ops-key</c> parameter) in the <see cref="KeyHeader"/> header.
/// </summary>
public static class OpsEndpoints
{
    /// <summary>Header that carries the ops key.</summary>
    public const string KeyHeader = "X-Ops-Key";

    /// <summary>Configuration key of the ops key; when unset, every ops request is refused.</summary>
    public const string KeyConfiguration = "Ops:Key";

    /// <summary>
    /// The <c>/ops</c> route group: 401 problem details unless <see cref="KeyHeader"/> equals
    /// <see cref="KeyConfiguration"/> (compared in constant time). Not in the OpenAPI document. Maps
    /// <c>GET /ops/health</c>: <see cref="HealthDetail"/>, every check by name (what <c>/health</c>
    /// sums up in one word).
    /// </summary>
    public static RouteGroupBuilder MapOps(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/ops").WithTags("Operations").ExcludeFromDescription();
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var expected = http.RequestServices.GetRequiredService<IConfiguration>()[KeyConfiguration];
            var given = http.Request.Headers[KeyHeader].ToString();
            if (string.IsNullOrEmpty(expected) || !KeysMatch(expected, given))
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: "Ops key required",
                    detail: $"Operations endpoints need the ops key in the {KeyHeader} header.");
            }
            return await next(context);
        });
        group.MapGet("/health", async (HealthCheckService health, CancellationToken ct) =>
        {
            var report = await health.CheckHealthAsync(ct);
            return TypedResults.Ok(new HealthDetail(
                report.Status.ToString(),
                [.. report.Entries.Select(e => new HealthCheckDetail(e.Key, e.Value.Status.ToString(), e.Value.Description, e.Value.Duration.TotalMilliseconds, [.. e.Value.Tags]))]));
        }).WithName("OpsHealth").WithSummary("Ops: every readiness check with its status and description");
        return group;
    }

    private static bool KeysMatch(string expected, string given)
    {
        var a = SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        var b = SHA256.HashData(Encoding.UTF8.GetBytes(given));
        return CryptographicOperations.FixedTimeEquals(a, b);
    }
}

/// <summary>Answer of <c>GET /ops/health</c>: the overall status and each check.</summary>
/// <param name="Status">Healthy, Degraded or Unhealthy.</param>
/// <param name="Checks">Each registered check.</param>
public sealed record HealthDetail(string Status, IReadOnlyList<HealthCheckDetail> Checks);

/// <summary>One health check's result.</summary>
/// <param name="Name">Check name (<c>masstransit-bus</c>, the DbContext's name, <c>smtp</c>, ...).</param>
/// <param name="Status">Healthy, Degraded or Unhealthy.</param>
/// <param name="Description">What the check says (no personal data).</param>
/// <param name="DurationMs">Time it took, in milliseconds.</param>
/// <param name="Tags">Its tags (<c>ready</c>, <c>live</c>, ...).</param>
public sealed record HealthCheckDetail(string Name, string Status, string? Description, double DurationMs, IReadOnlyList<string> Tags);
