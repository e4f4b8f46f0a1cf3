using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Conference.ServiceDefaults.Input;

/// <summary>
/// Checks every JSON request body (POST, PUT, PATCH with an <c>application/json</c> or <c>+json</c>
/// content type) before any endpoint reads it, in every service and the gateway: well-formed JSON
/// (RFC 8259: no comments, no trailing commas, at most 64 levels), valid UTF-8 with no lone UTF-16
/// surrogate in an escape, no NUL character (U+0000) in any string — PostgreSQL's text cannot
/// hold one, so it would otherwise fail deep inside a write — and no property name twice in the same
/// object. Names are compared after unescaping, ordinally and ignoring case, as the endpoints bind
/// them: <c>{"name":"A","Name":"B"}</c> is refused rather than one value silently winning. The same
/// name in different objects (sibling objects, array elements) is fine. A body that breaks one of
/// these gets <c>400</c> problem details naming the field (the last property name before the fault —
/// for a duplicate, the repeated one — as a JSON path without its <c>$.</c>: <c>name</c>,
/// <c>texts.title</c>; <c>body</c> for the body as a whole) and why (a duplicate: "appears more than
/// once"), and reaches no endpoint: nothing changes. Bodies are read whole (the gateway and Kestrel
/// limit their size, 1 MiB by default).
/// </summary>
public sealed class JsonBodyGuard(RequestDelegate next)
{
    private static readonly JsonReaderOptions Strict = new() { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false, MaxDepth = 64 };

    /// <summary>Checks the body when it is JSON, then calls the rest of the pipeline.</summary>
    public async Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        if (!(HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method)) || !IsJson(request.ContentType))
        {
            await next(http);
            return;
        }
        request.EnableBuffering();
        byte[] body;
        try
        {
            using var copy = new MemoryStream();
            await request.Body.CopyToAsync(copy, http.RequestAborted);
            body = copy.ToArray();
        }
        catch (BadHttpRequestException bad)
        {
            // Larger than the server's limit (413), or cut off: answered here, before any endpoint.
            await RefuseAsync(http, bad.StatusCode, "body", bad.Message);
            return;
        }
        request.Body.Position = 0;
        if (body.Length > 0 && Check(body) is { } fault)
        {
            await RefuseAsync(http, StatusCodes.Status400BadRequest, fault.Field, fault.Reason);
            return;
        }
        await next(http);
    }

    private static Task RefuseAsync(HttpContext http, int status, string field, string reason)
    {
        var problem = new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [reason] })
        {
            Status = status,
            Title = status == StatusCodes.Status413PayloadTooLarge ? "Request too large" : "The request body is not acceptable JSON.",
        };
        http.Response.StatusCode = status;
        return WriteAsync(http, problem);
    }

    // Through the problem details service, as every other problem: its type (the RFC 9110 section of
    // the status) and traceId come from the same defaults. Written directly when it declines (an
    // Accept header without JSON).
    private static async Task WriteAsync(HttpContext http, ValidationProblemDetails problem)
    {
        if (http.RequestServices.GetService(typeof(IProblemDetailsService)) is IProblemDetailsService problems
            && await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem }))
        {
            return;
        }
        await http.Response.WriteAsJsonAsync(problem, (JsonSerializerOptions?)null, "application/problem+json", http.RequestAborted);
    }

    /// <summary>The first fault of <paramref name="utf8"/> as (field, reason), or null when the body is acceptable.</summary>
    public static (string Field, string Reason)? Check(ReadOnlySpan<byte> utf8)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            return ("body", "The body is not valid UTF-8.");
        }
        // A UTF-8 byte order mark before the JSON is allowed (RFC 8259 §8.1: a parser may ignore it),
        // as the endpoints' own deserializer does.
        if (utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            utf8 = utf8[3..];
        }
        var reader = new Utf8JsonReader(utf8, Strict);
        var path = new List<string>();
        // Per open object or array, the property names seen so far (null for an array).
        var names = new List<HashSet<string>?>();
        string field = "$";
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        if (name.Contains('\0'))
                        {
                            return (field, "A property name holds a NUL character (U+0000).");
                        }
                        field = path.Count == 0 ? $"$.{name}" : $"{path[^1]}.{name}";
                        if (!names[^1]!.Add(name))
                        {
                            return (Field(field), $"The property '{name}' appears more than once in the same object (names are compared ignoring case); send it once.");
                        }
                        break;
                    case JsonTokenType.StartObject:
                        path.Add(field);
                        names.Add(new HashSet<string>(StringComparer.OrdinalIgnoreCase));
                        break;
                    case JsonTokenType.StartArray:
                        path.Add(field);
                        names.Add(null);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        names.RemoveAt(names.Count - 1);
                        field = path.Count == 0 ? "$" : path[^1];
                        break;
                    case JsonTokenType.String:
                        if (reader.GetString()!.Contains('\0'))
                        {
                            return (Field(field), "Text may not hold a NUL character (U+0000).");
                        }
                        break;
                }
            }
        }
        catch (InvalidOperationException)
        {
            return (Field(field), "The text holds an escaped lone UTF-16 surrogate (e.g. \\ud800), which is no character.");
        }
        catch (JsonException ex)
        {
            return (Field(field), $"Malformed JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {ex.Message.Split(" LineNumber:")[0]}");
        }
        if (path.Count > 0 || reader.TokenType == JsonTokenType.PropertyName)
        {
            return ("body", "Malformed JSON: the body ends before its last object or array is closed.");
        }
        return null;
    }

    // "$.name" → "name", "$.texts.title" → "texts.title"; "$" (the body itself) → "body".
    private static string Field(string path) => path == "$" ? "body" : path[2..];

    private static bool IsJson(string? contentType) =>
        contentType is not null && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.Split(';')[0].Trim().EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}

/// <summary>Puts <see cref="JsonBodyGuard"/> first in every pipeline (registered by AddServiceDefaults).</summary>
internal sealed class JsonBodyGuardStartup : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<JsonBodyGuard>();
        next(app);
    };
}
