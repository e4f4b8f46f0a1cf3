using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Conference.Catalog.Sessions;

/// <summary>RFC 9457 problem details for every error Catalog answers.</summary>
internal static class ApiProblems
{
    public static ProblemHttpResult Validation(Problems problems, string title = InvalidSession) => Validation(problems.ToDictionary(), title);

    /// <summary>Title of a 422 about a session's fields (bodies and cards).</summary>
    public const string InvalidSession = "The session has invalid fields.";

    /// <summary>Title of a 422 about a list's query parameters.</summary>
    public const string InvalidQuery = "The query has invalid parameters.";

    /// <summary>422 with an <c>errors</c> map field → messages, titled <paramref name="title"/>.</summary>
    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors, string title = InvalidSession) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = title,
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        });

    public static ProblemHttpResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult Status(int status, string title, string? detail = null) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });

    public static ProblemHttpResult NotFound() => Status(StatusCodes.Status404NotFound, "No such session.");

    public static ProblemHttpResult NotOrganiser() =>
        Status(StatusCodes.Status403Forbidden, "Only the session's organisers may change it.", "The partner's organiser code is not among the session's organisers.");

    public static ProblemHttpResult Cancelled() => Status(StatusCodes.Status409Conflict, "The session is cancelled and can no longer change.");

    /// <summary>The body as a JSON object; a problem (400) when it is not JSON or not an object, or too large (413).</summary>
    public static async Task<(JsonObject? Body, ProblemHttpResult? Problem)> ReadJsonObjectAsync(HttpRequest request, CancellationToken ct, bool allowEmpty = false)
    {
        const int maxBytes = 1_000_000;
        if (request.ContentLength > maxBytes)
        {
            return (null, Status(StatusCodes.Status413PayloadTooLarge, "The body is too large.", $"At most {maxBytes} bytes."));
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, Status(StatusCodes.Status413PayloadTooLarge, "The body is too large.", $"At most {maxBytes} bytes."));
            }
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
        {
            return allowEmpty ? (new JsonObject(), null) : (null, BadBody("The body is not valid JSON.", "The body is empty: a JSON object is expected."));
        }
        try
        {
            var node = JsonNode.Parse(buffer.ToArray(), documentOptions: new JsonDocumentOptions { MaxDepth = 32 });
            Materialise(node);
            return node is JsonObject o
                ? (o, null)
                : (null, BadBody("The body must be a JSON object.", "A JSON object is expected."));
        }
        catch (JsonException ex)
        {
            // The parser's own message ends with its internal position fields; the position is given once, counted from 1.
            var reason = ex.Message.Split(" LineNumber:")[0].Split(" Path:")[0];
            return (null, BadBody("The body is not valid JSON.", $"Malformed JSON at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}: {reason}"));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return (null, BadBody("The body is not valid JSON.", ex.Message));
        }
    }

    /// <summary>400 with an <c>errors</c> map naming <c>body</c>, the shape of every other refusal.</summary>
    public static ProblemHttpResult BadBody(string title, string message) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["body"] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = title,
            Detail = message,
        });

    // JsonNode builds objects lazily; walking the tree here makes duplicate keys fail inside the parse's try.
    private static void Materialise(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o)
                {
                    Materialise(child);
                }
                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    Materialise(child);
                }
                break;
        }
    }
}
