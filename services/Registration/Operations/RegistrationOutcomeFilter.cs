using System.Diagnostics;
using Conference.Messaging.Observability;
using Conference.Registration.Registrations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Conference.Registration.Operations;

/// <summary>
/// Around <c>POST /api/v1/sessions/{id}/registrations</c>: counts the answer by outcome
/// (<see cref="RegistrationMetrics"/>), tags the request span with <c>session.id</c>,
/// <c>registration.id</c> and <c>registration.outcome</c>, and logs the outcome with the ids only
/// (never the attendee's name, email or token).
/// </summary>
internal sealed class RegistrationOutcomeFilter(RegistrationMetrics metrics, ILogger<RegistrationOutcomeFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var answer = result is INestedHttpResult nested ? nested.Result : result;
        var sessionId = context.HttpContext.GetRouteValue("id")?.ToString();
        var activity = Activity.Current;
        activity?.SetTag(EventIds.SessionId, sessionId);
        switch (answer)
        {
            case Created<RegistrationAnswer> { Value: { } created }:
                metrics.Answered(created.Status, null);
                activity?.SetTag(EventIds.RegistrationId, created.Id.ToString());
                activity?.SetTag("registration.outcome", created.Status);
                logger.LogInformation("Registration {RegistrationId} for session {SessionId}: {Outcome}", created.Id, sessionId, created.Status);
                break;
            case ProblemHttpResult problem:
                var reason = Reason(problem);
                metrics.Answered("rejected", reason);
                activity?.SetTag("registration.outcome", "rejected");
                activity?.SetTag("registration.rejection", reason);
                logger.LogInformation("Registration for session {SessionId} rejected: {Reason}", sessionId, reason);
                break;
        }
        return result;
    }

    private static string Reason(ProblemHttpResult problem) =>
        problem.ProblemDetails.Extensions.TryGetValue("reason", out var reason) && reason is string text
            ? text
            : problem.StatusCode switch
            {
                StatusCodes.Status404NotFound => "session-not-found",
                StatusCodes.Status422UnprocessableEntity => "invalid",
                var code => $"status-{code}",
            };
}
