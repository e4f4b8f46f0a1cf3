using System.Security.Claims;
using System.Text;
using Conference.Catalog.Data;
using Conference.Catalog.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Conference.Catalog.Import;

/// <summary><c>POST /api/v1/sessions/import</c>: a session card in, a draft session out.</summary>
internal static class ImportSessionCardEndpoint
{
    private static readonly string[] CardMediaTypes = ["text/plain", "text/markdown", "text/x-markdown"];

    public static RouteGroupBuilder MapImportSessionCard(this RouteGroupBuilder group)
    {
        group.MapPost("/import", ImportSessionCard)
            .WithName("ImportSessionCard")
            .WithSummary("Import a session card (text/plain or text/markdown; French, English or Spanish template)")
            .WithDescription("201 + the new draft session and its Location; 200 when the card's code exists and the caller organises that session (a corrected card); " +
                "Once published, the session's seats are Registration's: a card with another capacity is 422 on capacity (PUT /api/v1/sessions/{id}/capacity changes them; the same capacity is no change). " +
                "A published session's start may move only into the future: a card with another, past start is 422 on startsAt (an unchanged past start imports; a draft takes any date, as cards of past forums do). " +
                "The card is read in Unicode NFC (texts stored NFC). Text that belongs to no field (not on a label's line nor under a text heading: a value continued on the next line, a text whose heading is missing) is 422 on the field it follows, never dropped; a field or text given twice is 422 on that field (forum session card template). " +
                "409 when the code belongs to a session the caller does not organise; 422 with every field problem; 400 when the body is no session card; 415 for other media types. " +
                "The importing partner must be among the card's organisers (422 on organisers). " +
                "Codes (session, thematic line, sub-theme) are numbers without leading zeros separated by dots, and the sub-theme's code starts with its thematic line's and a dot (422 on code, thematicLine, subTheme; forum session card template). A published session keeps Registration's capacity on re-import.")
            .Accepts<string>("text/plain", "text/markdown")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    /// <summary>Parses, validates and stores the card; nothing is stored on any error.</summary>
    public static async Task<Results<Created<SessionResponse>, Ok<SessionResponse>, ProblemHttpResult>> ImportSessionCard(
        HttpRequest request, ClaimsPrincipal user, CatalogDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(request.ContentType)
            && (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) || !CardMediaTypes.Contains(mediaType.MediaType.Value, StringComparer.OrdinalIgnoreCase)))
        {
            return ApiProblems.Status(StatusCodes.Status415UnsupportedMediaType, "A session card is sent as text/plain or text/markdown.");
        }
        var (text, tooLarge) = await ReadTextAsync(request, ct);
        if (tooLarge)
        {
            return ApiProblems.Status(StatusCodes.Status413PayloadTooLarge, "The card is too large.", $"A session card has at most {SessionCardParser.MaxLength} characters.");
        }
        if (text is null)
        {
            return ApiProblems.BadBody("The body is not valid UTF-8.", "The body is not valid UTF-8, the charset its Content-Type declares.");
        }

        var card = SessionCardParser.Parse(text);
        if (!card.IsCard)
        {
            return ApiProblems.Status(StatusCodes.Status400BadRequest, "The body is not a session card.", card.NotACardReason);
        }
        var caller = user.Organiser();
        var content = card.Content;
        if (content.Organisers.Count > 0 && !Partners.PartnerDirectory.Organises(caller, content.Organisers))
        {
            card.Problems.Add("organisers", $"The importing partner ({caller}) must be among the session's organisers.");
        }
        var existing = content.Code is null ? null : await db.Sessions.FirstOrDefaultAsync(s => s.Code == content.Code, ct);
        if (existing is not null && existing.IsOrganisedBy(caller) && SessionRules.PublishedCapacity(existing, content.Capacity) is { } seats)
        {
            card.Problems.Add("capacity", seats);
        }
        // No future-start rule here (reschedule and PATCH have it): a card states its forum's own
        // date, and importing it again re-states it, as partners do after correcting a card (and as
        // the partner contract check does on every run: 200, the card's 2021 start, after moving it).
        var now = time.GetUtcNow();
        if (card.Problems.Any)
        {
            return ApiProblems.Validation(card.Problems);
        }

        if (existing is not null)
        {
            if (!existing.IsOrganisedBy(caller))
            {
                return ApiProblems.Status(StatusCodes.Status409Conflict, $"Session {content.Code} exists and is organised by other partners.", "A session code is unique in the forum; only its organisers may import a corrected card.");
            }
            if (existing.Status == SessionStatus.Cancelled)
            {
                return ApiProblems.Cancelled();
            }
            var before = await SessionEditing.FingerprintAsync(db, existing, ct);
            var audited = SessionAudit.Values(existing);
            SessionEditing.Apply(existing, content, now, keepCapacity: existing.Status == SessionStatus.Published);
            await SessionEditing.UpsertProgrammeAsync(db, content.ThematicLine, content.SubTheme, content.SourceLanguage!, ct);
            await SessionEditing.ChangedAsync(db, existing, before, now, ct);
            SessionAudit.Record(db, user, SessionAudit.Import, audited, existing, now);
            try
            {
                await SessionEditing.SaveAsync(db, content.ThematicLine, content.SubTheme, content.SourceLanguage!, ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return ApiProblems.Status(StatusCodes.Status409Conflict, "The session changed meanwhile; send the card again.");
            }
            return TypedResults.Ok(await SessionEditing.ResponseAsync(db, existing, caller, ct));
        }

        var session = SessionEditing.Create(content, now);
        session.RefreshSearchText();
        db.Sessions.Add(session);
        await SessionEditing.UpsertProgrammeAsync(db, content.ThematicLine, content.SubTheme, content.SourceLanguage!, ct);
        SessionAudit.Record(db, user, SessionAudit.Import, null, session, now);
        try
        {
            await SessionEditing.SaveAsync(db, content.ThematicLine, content.SubTheme, content.SourceLanguage!, ct);
        }
        catch (DbUpdateException ex) when (SessionEditing.IsUniqueViolation(ex))
        {
            return ApiProblems.Status(StatusCodes.Status409Conflict, $"Session {content.Code} was created meanwhile; send the card again.");
        }
        return TypedResults.Created($"/api/v1/sessions/{session.Id}", await SessionEditing.ResponseAsync(db, session, caller, ct));
    }

    /// <summary>
    /// The body as text: UTF-8; without a declared charset, bytes that are not UTF-8 are read as
    /// Latin-1 (older cards saved so); with <c>charset=utf-8</c> declared they are a refusal (null),
    /// as a JSON body's would be, rather than a card read into mojibake.
    /// </summary>
    private static async Task<(string? Text, bool TooLarge)> ReadTextAsync(HttpRequest request, CancellationToken ct)
    {
        var maxBytes = SessionCardParser.MaxLength * 4;
        if (request.ContentLength > maxBytes)
        {
            return ("", true);
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return ("", true);
            }
            buffer.Write(chunk, 0, read);
        }
        var bytes = buffer.ToArray();
        try
        {
            return (new UTF8Encoding(false, true).GetString(bytes), false);
        }
        catch (DecoderFallbackException)
        {
            if (MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
                && type.Charset.HasValue && type.Charset.Value.Trim('"').Replace("-", "", StringComparison.Ordinal).Equals("utf8", StringComparison.OrdinalIgnoreCase))
            {
                return (null, false);
            }
            // Older cards saved as Latin-1; binary data shows up as control characters and is refused by the parser.
            return (Encoding.Latin1.GetString(bytes), false);
        }
    }
}
