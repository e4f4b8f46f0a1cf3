using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Conference.ServiceDefaults.Input;

/// <summary>
/// A request an endpoint cannot bind — a JSON value of the wrong type (<c>{"name": 123}</c>, or
/// <c>{"capacity": "30"}</c>: numbers are JSON numbers, <c>JsonNumberHandling.Strict</c> set by
/// AddServiceDefaults), a number out of range, a missing or wrong body, a bad route or query value — answers problem
/// details with the framework's status (400, 415) and the field it concerns (the JSON path from
/// the serializer, e.g. <c>capacity</c>; <c>Content-Type</c> for a 415), in every environment; never a 500. The reason is said in
/// the contract's words, without .NET type names. Minimal APIs are set
/// to throw their <see cref="BadHttpRequestException"/> (<c>ThrowOnBadRequest</c>) so it reaches here.
/// </summary>
public sealed partial class BadRequestProblems(IProblemDetailsService problems) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || httpContext.Response.HasStarted)
        {
            return false;
        }
        var json = exception.InnerException as JsonException ?? exception.InnerException?.InnerException as JsonException;
        var unsupported = bad.StatusCode == StatusCodes.Status415UnsupportedMediaType;
        var field = unsupported ? "Content-Type" : json?.Path is { Length: > 1 } path ? path.TrimStart('$', '.') : "body";
        // Partner-facing words: the framework's messages name .NET types ("CapacityRequest request",
        // "System.Int32"), which say nothing to an integrator and everything about our internals.
        var given = httpContext.Request.ContentType;
        var reason = unsupported
            ? string.IsNullOrEmpty(given) ? "Send the body as application/json; no Content-Type was given." : $"Send the body as application/json, not {(given.Length > 100 ? given[..100] + "…" : given)}."
            : json is not null
            ? field == "body" ? "The body is not JSON of the expected shape." : $"The value of '{field}' is not of the expected type (a number — a JSON number, not text in quotes —, text, true/false, a list or an object) or is out of range."
            : ParameterType().Replace(bad.Message, "\"$1\"");
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [reason] })
            {
                Status = bad.StatusCode,
                Title = unsupported ? "Unsupported content type." : "The request could not be read.",
            },
        });
    }

    // "Type name" inside quotes, as the binder writes a parameter: keep the name only.
    [System.Text.RegularExpressions.GeneratedRegex("\"[\\w.`<>\\[\\], ?]+ (\\w+)\"")]
    private static partial System.Text.RegularExpressions.Regex ParameterType();
}
