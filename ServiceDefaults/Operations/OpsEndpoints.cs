using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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
    /// <see cref="KeyConfiguration"/> (compared in constant time). Not in the OpenAPI document.
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
        return group;
    }

    private static bool KeysMatch(string expected, string given)
    {
        var a = SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        var b = SHA256.HashData(Encoding.UTF8.GetBytes(given));
        return CryptographicOperations.FixedTimeEquals(a, b);
    }
}

/// <summary>Answer of an ops action: what it did, in numbers (<c>{"action":"relay-outbox","count":3}</c>).</summary>
/// <param name="Action">The action's name.</param>
/// <param name="Count">How many rows, messages or jobs it touched.</param>
public sealed record OpsResult(string Action, int Count);
