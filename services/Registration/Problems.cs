using Microsoft.AspNetCore.Http.HttpResults;

namespace Conference.Registration;

/// <summary>RFC 9457 problem details answered by Registration. Conflicts carry a machine-readable <c>reason</c>.</summary>
internal static class Problems
{
    public const string DuplicateEmail = "duplicate-email";
    public const string SessionCancelled = "session-cancelled";
    public const string SessionStarted = "session-started";

    public static ProblemHttpResult Conflict(string reason, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: reason switch
        {
            DuplicateEmail => "Already registered",
            SessionCancelled => "Session cancelled",
            SessionStarted => "Session started",
            _ => "Conflict",
        }, extensions: new Dictionary<string, object?> { ["reason"] = reason });

    public static ProblemHttpResult SessionNotFound(Guid sessionId) =>
        TypedResults.Problem($"No published session {sessionId}.", statusCode: StatusCodes.Status404NotFound, title: "Unknown session");

    public static ProblemHttpResult RegistrationNotFound(Guid id) =>
        TypedResults.Problem($"No registration {id} for this token.", statusCode: StatusCodes.Status404NotFound, title: "Unknown registration");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Not an organiser of this session");

    /// <summary>422 with the <c>errors</c> map (field → messages).</summary>
    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors, IDictionary<string, object?>? extensions = null)
    {
        var details = new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "One or more fields are invalid.",
            Type = "https://tools.ietf.org/html/rfc4918#section-11.2",
        };
        foreach (var (k, v) in extensions ?? new Dictionary<string, object?>())
        {
            details.Extensions[k] = v;
        }
        return TypedResults.Problem(details);
    }
}
