using System.Text;
using Microsoft.AspNetCore.Mvc;
using Yarp.ReverseProxy.Model;

namespace Conference.Gateway.Routing;

/// <summary>
/// What the gateway refuses itself, as problem details, on a request it would forward to a service
/// (a route of <see cref="PublicRoutes"/> or <see cref="ApiDocuments"/>), before the output cache and
/// before anything is sent:
/// <list type="bullet">
/// <item>a method outside <see cref="AllowedMethods"/> (<c>CONNECT</c>, <c>TRACE</c>, unknown ones):
/// <c>405</c> with <c>Allow</c>. <c>CONNECT</c> cannot be forwarded at all (it was a 502) and
/// <c>TRACE</c> would echo the request back, credentials included.</item>
/// <item>a header value holding a character outside ASCII: <c>400</c>, its <c>errors</c> naming the
/// header. RFC 9110 §5.5 tolerates such bytes (obs-text), but the services read header values as
/// ASCII and the forwarding client refuses to send anything else (it was a 502).</item>
/// <item>an <c>Idempotency-Key</c> with a control character (tab, DEL): <c>422</c> naming it, as
/// Registration answers a key of the wrong length; the key must be printable ASCII.</item>
/// </list>
/// Pages and <c>/connect/token</c> are not concerned: nothing of theirs is forwarded.
/// </summary>
internal sealed class ProxyRequestChecks(RequestDelegate next, IProblemDetailsService problems)
{
    /// <summary>Methods the public API uses (docs: api-contract.md); the <c>Allow</c> header of a 405.</summary>
    public static readonly string[] AllowedMethods =
        [HttpMethods.Get, HttpMethods.Head, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete];

    private const string IdempotencyKey = "Idempotency-Key";

    public Task InvokeAsync(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<RouteModel>() is null)
        {
            return next(http);
        }
        if (!AllowedMethods.Any(m => HttpMethods.Equals(m, http.Request.Method)))
        {
            http.Response.Headers.Allow = string.Join(", ", AllowedMethods);
            return WriteAsync(http, StatusCodes.Status405MethodNotAllowed, "Method not allowed",
                $"The API answers {string.Join(", ", AllowedMethods)}.", errors: null);
        }
        foreach (var (name, values) in http.Request.Headers)
        {
            if (values.Any(v => v is not null && !Ascii.IsValid(v)))
            {
                return WriteAsync(http, StatusCodes.Status400BadRequest, "A request header could not be read",
                    $"Header values must be ASCII; the value of {name} is not.",
                    new() { [name] = ["Header values must be ASCII (letters, digits, punctuation and spaces without accents)."] });
            }
        }
        if (http.Request.Headers[IdempotencyKey].Any(v => v is not null && v.Any(char.IsControl)))
        {
            return WriteAsync(http, StatusCodes.Status422UnprocessableEntity, "Invalid Idempotency-Key",
                "The Idempotency-Key header must be printable ASCII characters.",
                new() { [IdempotencyKey] = ["The Idempotency-Key header must be printable ASCII characters (no tab or control character)."] });
        }
        return next(http);
    }

    private async Task WriteAsync(HttpContext http, int status, string title, string detail, Dictionary<string, string[]>? errors)
    {
        http.Response.StatusCode = status;
        ProblemDetails problem = errors is null ? new() : new ValidationProblemDetails(errors);
        problem.Status = status;
        problem.Title = title;
        problem.Detail = detail;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }
}
