using System.Security.Claims;
using Conference.Catalog.Data;
using Conference.Catalog.Partners;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Conference.Catalog.Sessions;

/// <summary><c>POST /api/v1/sessions</c>: a session from JSON (texts in its source language).</summary>
internal static class CreateSessionEndpoint
{
    public static RouteGroupBuilder MapCreateSession(this RouteGroupBuilder group)
    {
        group.MapPost("/", CreateSession)
            .WithName("CreateSession")
            .WithSummary("Create a draft session from JSON")
            .WithDescription("Required: code, format, sourceLanguage, languages, title (map language → text, or a string in the source language), organisers (the caller among them), startsAt, endsAt (UTC instants, endsAt after startsAt), capacity. " +
                "Codes (code, thematicLine.code, subTheme.code) are numbers without leading zeros separated by dots (3.2.2, not 3.02.2), and subTheme.code starts with thematicLine.code and a dot (3.2 under 3; forum session card template). " +
                "201 + session and Location; 409 when the code exists; 422 with every field problem; 400 when the body is not a JSON object.")
            .Accepts<SessionRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    public static async Task<Results<Created<SessionResponse>, ProblemHttpResult>> CreateSession(
        HttpRequest request, ClaimsPrincipal user, CatalogDbContext db, TimeProvider time, CancellationToken ct)
    {
        var (json, bad) = await ApiProblems.ReadJsonObjectAsync(request, ct);
        if (bad is not null)
        {
            return bad;
        }
        var problems = new Problems();
        var body = SessionJson.Read(json!, problems);
        var c = body.Values;
        foreach (var required in new[] { "code", "format", "sourceLanguage", "languages", "title", "organisers", "startsAt", "endsAt", "capacity" })
        {
            if (!body.Has(required) && !problems.Has(required))
            {
                problems.Add(required, "Required.");
            }
        }
        if (ProgrammeCodes.SubThemeProblem(c.ThematicLine?.Code, c.SubTheme?.Code) is { } outside)
        {
            problems.Add("subTheme", outside);
        }
        var source = c.SourceLanguage;
        foreach (var (field, byLanguage) in body.Texts)
        {
            foreach (var (language, text) in byLanguage)
            {
                if (language != SessionJsonBody.SourceKey && language != source)
                {
                    problems.Add(field, $"Texts are created in the source language ({source ?? "?"}); '{language}' comes from translation.");
                }
                else
                {
                    c.Texts[field] = text;
                }
            }
        }
        if (body.Has("title") && string.IsNullOrWhiteSpace(c.Texts.GetValueOrDefault(TextFields.Title)) && !problems.Has("title"))
        {
            problems.Add("title", "The title in the source language is required.");
        }
        var caller = user.Organiser();
        if (c.Organisers.Count > 0 && !PartnerDirectory.Organises(caller, c.Organisers))
        {
            problems.Add("organisers", $"The creating partner ({caller}) must be among the session's organisers.");
        }
        if (!problems.Has("languages") && SessionRules.LanguagesWithoutSource(c.Languages, c.SourceLanguage) is { } languages)
        {
            problems.Add("languages", languages);
        }
        if (problems.Any)
        {
            return ApiProblems.Validation(problems);
        }
        if (await db.Sessions.AnyAsync(s => s.Code == c.Code, ct))
        {
            return ApiProblems.Status(StatusCodes.Status409Conflict, $"Session {c.Code} exists.", "A session code is unique in the forum; change it with PATCH or a corrected card.");
        }

        var now = time.GetUtcNow();
        var session = SessionEditing.Create(c, now);
        session.RefreshSearchText();
        db.Sessions.Add(session);
        await SessionEditing.UpsertProgrammeAsync(db, c.ThematicLine, c.SubTheme, c.SourceLanguage!, ct);
        SessionAudit.Record(db, user, SessionAudit.Create, null, session, now);
        try
        {
            await SessionEditing.SaveAsync(db, c.ThematicLine, c.SubTheme, c.SourceLanguage!, ct);
        }
        catch (DbUpdateException ex) when (SessionEditing.IsUniqueViolation(ex))
        {
            return ApiProblems.Status(StatusCodes.Status409Conflict, $"Session {c.Code} exists.");
        }
        return TypedResults.Created($"/api/v1/sessions/{session.Id}", await SessionEditing.ResponseAsync(db, session, caller, ct));
    }
}

/// <summary>
/// The session JSON a partner sends (documentation shape; bodies are read field by field).
/// Texts: maps language → text. Times: UTC instants. Capacity: seats.
/// Rules (<see cref="SessionRules"/>, API contract): languages include the source language (422 on
/// languages, create and PATCH); on a published session, capacity is Registration's (422 on capacity) and
/// a new startsAt must be in the future (422 on startsAt); drafts take any date.
/// </summary>
public sealed record SessionRequest(
    string? Code,
    string? Format,
    string? SourceLanguage,
    IReadOnlyList<string>? Languages,
    IReadOnlyDictionary<string, string>? Title,
    SessionProgrammeRequest? ThematicLine,
    SessionProgrammeRequest? SubTheme,
    IReadOnlyList<string>? Organisers,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    IReadOnlyList<string>? ReferenceTimeZones,
    string? Platform,
    int? Capacity,
    bool? RegistrationRequired,
    IReadOnlyDictionary<string, string>? Summary,
    IReadOnlyDictionary<string, string>? Conceptualisation,
    IReadOnlyDictionary<string, string>? Objectives,
    IReadOnlyDictionary<string, string>? DiscussionPoints,
    IReadOnlyList<SessionDocument>? Documents,
    string? JoinUrl);

/// <summary>A thematic line or sub-theme named by a session: code and title per language.</summary>
public sealed record SessionProgrammeRequest(string Code, IReadOnlyDictionary<string, string>? Title);
