using Conference.Gateway.Web.Localization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Localization;

namespace Conference.Gateway.Web;

/// <summary>
/// A page whose data could not be fetched — Catalog or Registration down, too slow (the resilience
/// pipeline's timeout), or refused by its circuit breaker — answers <c>503 Service Unavailable</c>
/// with <c>Retry-After: 5</c> instead of a 500: a short HTML page in the visitor's language for a
/// browser, problem details otherwise. Anything else is left to the default handler (500). The
/// visitor's own cancellation (connection closed) is not a failure of ours and is left alone too.
/// </summary>
public sealed class ServiceUnavailableHandler(IStringLocalizer<Texts> texts, IProblemDetailsService problems, ILogger<ServiceUnavailableHandler> logger) : IExceptionHandler
{
    /// <summary>Seconds a client is asked to wait before trying again.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>Whether <paramref name="exception"/> means a service behind the page could not answer.</summary>
    public static bool IsUnavailable(Exception exception, HttpContext http) => exception switch
    {
        HttpRequestException => true,
        OperationCanceledException => !http.RequestAborted.IsCancellationRequested,
        _ => IsRejectedByResilience(exception.GetType()),
    };

    // Polly's ExecutionRejectedException (timeout, open circuit, concurrency limit) of the resilience
    // pipeline, by name: Polly 7 and Polly.Core 8 both define the type and both are referenced here.
    private static bool IsRejectedByResilience(Type? type)
    {
        for (; type is not null; type = type.BaseType)
        {
            if (type.FullName == "Polly.ExecutionRejectedException")
            {
                return true;
            }
        }
        return false;
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var http = httpContext;
        if (!IsUnavailable(exception, http) || http.Response.HasStarted)
        {
            return false;
        }
        logger.LogWarning("{Path} answered 503: a service behind it did not answer ({Error})", http.Request.Path.Value, exception.GetType().Name);
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!NoticePage.WantsHtml(http.Request))
        {
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                Exception = exception,
                ProblemDetails = { Status = 503, Title = "Service unavailable", Detail = $"A service behind this address did not answer; try again in {RetryAfterSeconds} seconds." },
            });
        }
        await NoticePage.WriteAsync(http, texts, "Unavailable", "↻", cancellationToken);
        return true;
    }
}
