using Microsoft.AspNetCore.Http.HttpResults;

namespace Conference.Integration;

/// <summary>RFC 9457 problem details the API answers with (application/problem+json).</summary>
internal static class Problems
{
    /// <summary>422 with an <c>errors</c> map field → messages.</summary>
    public static ProblemHttpResult Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Title = "The request has invalid fields.",
            Status = StatusCodes.Status422UnprocessableEntity,
            Type = "https://tools.ietf.org/html/rfc4918#section-11.2",
        });

    public static ProblemHttpResult Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(title: "Not found.", detail: detail, statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(title: "Forbidden.", detail: detail, statusCode: StatusCodes.Status403Forbidden);

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(title: "Conflict.", detail: detail, statusCode: StatusCodes.Status409Conflict);
}
