using System.Security.Claims;
using Conference.Catalog.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Conference.Catalog.Sessions;

/// <summary><c>PATCH /api/v1/sessions/{id}</c>: change any subset of the editable fields.</summary>
internal static class PatchSessionEndpoint
{
    public static RouteGroupBuilder MapPatchSession(this RouteGroupBuilder group)
    {
        group.MapPatch("/{id:guid}", PatchSession)
            .WithName("PatchSession")
            .WithSummary("Change fields of a session the partner organises")
            .WithDescription("Any subset of: format, languages (including the session's sourceLanguage, else 422 on languages), title, summary, conceptualisation, objectives, discussionPoints (maps language → text; " +
                "the source language's text marks other languages stale, another language's text is stored as reviewed), thematicLine, subTheme, organisers, startsAt (on a published session, a new start must be in the future, else 422 on startsAt; drafts keep any date), endsAt, " +
                "referenceTimeZones, platform, capacity (drafts only: once published, seats belong to Registration, PUT /api/v1/sessions/{id}/capacity), registrationRequired, documents, joinUrl. " +
                "A sub-theme stays in its thematic line: subTheme.code starts with thematicLine.code and a dot, the session's stored one where the body names only the other (422 on the field sent). " +
                "On a published session emits SessionUpdated with the changed fields (SessionRescheduled when times move). 200 + session; 403 not an organiser; 404; 409 cancelled; 422 field problems.")
            .Accepts<SessionRequest>("application/json")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    public static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> PatchSession(
        Guid id, HttpRequest request, ClaimsPrincipal user, CatalogDbContext db, TimeProvider time, CancellationToken ct)
    {
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null)
        {
            return ApiProblems.NotFound();
        }
        var caller = user.Organiser();
        if (!session.IsOrganisedBy(caller))
        {
            return ApiProblems.NotOrganiser();
        }
        if (session.Status == SessionStatus.Cancelled)
        {
            return ApiProblems.Cancelled();
        }
        var (json, bad) = await ApiProblems.ReadJsonObjectAsync(request, ct);
        if (bad is not null)
        {
            return bad;
        }

        var problems = new Problems();
        var body = SessionJson.Read(json!, problems);
        var v = body.Values;
        if (body.Has("code") && v.Code is not null && v.Code != session.Code)
        {
            problems.Add("code", "The session code cannot change.");
        }
        if (body.Has("sourceLanguage") && v.SourceLanguage is not null && v.SourceLanguage != session.SourceLanguage)
        {
            problems.Add("sourceLanguage", "The source language cannot change; import a card in the other language instead.");
        }
        if (body.Has("capacity") && SessionRules.PublishedCapacity(session, v.Capacity) is { } seats)
        {
            problems.Add("capacity", seats);
        }
        // Checked only when the body names one of them: a session stored before the rule keeps taking other changes.
        if ((body.Has("thematicLine") || body.Has("subTheme")) && !problems.Has("thematicLine") && !problems.Has("subTheme")
            && ProgrammeCodes.SubThemeProblem(body.Has("thematicLine") ? v.ThematicLine?.Code : session.ThematicLineCode,
                body.Has("subTheme") ? v.SubTheme?.Code : session.SubThemeCode) is { } outside)
        {
            problems.Add(body.Has("subTheme") ? "subTheme" : "thematicLine", outside);
        }
        var startsAt = body.Has("startsAt") ? v.StartsAt : session.StartsAt;
        var endsAt = body.Has("endsAt") ? v.EndsAt : session.EndsAt;
        if (startsAt is { } s && endsAt is { } e && e <= s && !problems.Has("endsAt"))
        {
            problems.Add("endsAt", "endsAt must be after startsAt.");
        }
        if (body.Has("startsAt") && SessionRules.PastStart(session, v.StartsAt, time.GetUtcNow()) is { } past)
        {
            problems.Add("startsAt", past);
        }
        if (body.Has("organisers") && v.Organisers.Count > 0 && !Partners.PartnerDirectory.Organises(caller, v.Organisers))
        {
            problems.Add("organisers", $"The partner making the change ({caller}) must stay among the organisers.");
        }
        if (body.Has("languages") && !problems.Has("languages") && SessionRules.LanguagesWithoutSource(v.Languages, session.SourceLanguage) is { } languages)
        {
            problems.Add("languages", languages);
        }
        if (body.Has(TextFields.Title) && !problems.Has("title") && body.Texts.TryGetValue(TextFields.Title, out var titles)
            && (titles.GetValueOrDefault(SessionJsonBody.SourceKey) ?? titles.GetValueOrDefault(session.SourceLanguage)) is { } title && title.Trim().Length == 0)
        {
            problems.Add("title", "The title in the source language cannot be empty.");
        }
        if (problems.Any)
        {
            return ApiProblems.Validation(problems);
        }

        var now = time.GetUtcNow();
        var before = await SessionEditing.FingerprintAsync(db, session, ct);
        var audited = SessionAudit.Values(session);
        Apply(session, body, now);
        await SessionEditing.UpsertProgrammeAsync(db, body.Has("thematicLine") ? v.ThematicLine : null, body.Has("subTheme") ? v.SubTheme : null, session.SourceLanguage, ct);
        session.UpdatedAt = now;
        await SessionEditing.ChangedAsync(db, session, before, now, ct);
        SessionAudit.Record(db, user, SessionAudit.Edit, audited, session, now);
        try
        {
            await SessionEditing.SaveAsync(db, body.Has("thematicLine") ? v.ThematicLine : null, body.Has("subTheme") ? v.SubTheme : null, session.SourceLanguage, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblems.Status(StatusCodes.Status409Conflict, "The session changed meanwhile; read it again and retry.");
        }
        return TypedResults.Ok(await SessionEditing.ResponseAsync(db, session, caller, ct));
    }

    private static void Apply(Session session, SessionJsonBody body, DateTimeOffset now)
    {
        var v = body.Values;
        if (body.Has("format") && v.Format is not null) session.Format = v.Format;
        if (body.Has("languages") && v.Languages.Count > 0) session.Languages = v.Languages;
        if (body.Has("thematicLine")) session.ThematicLineCode = v.ThematicLine?.Code;
        if (body.Has("subTheme")) session.SubThemeCode = v.SubTheme?.Code;
        if (body.Has("organisers") && v.Organisers.Count > 0) SessionEditing.SetOrganisers(session, v.Organisers);
        if (body.Has("startsAt") && v.StartsAt is { } start) session.StartsAt = start;
        if (body.Has("endsAt") && v.EndsAt is { } end) session.EndsAt = end;
        if (body.Has("referenceTimeZones")) session.ReferenceOffsets = v.ReferenceOffsets;
        if (body.Has("platform")) session.Platform = v.Platform;
        if (body.Has("capacity") && v.Capacity is { } capacity) session.Capacity = capacity;
        if (body.Has("registrationRequired") && v.RegistrationRequired is { } required) session.RegistrationRequired = required;
        if (body.Has("documents")) session.Documents = v.Documents;
        if (body.Has("joinUrl")) session.JoinUrl = v.JoinUrl;
        foreach (var (field, byLanguage) in body.Texts)
        {
            foreach (var (language, text) in byLanguage)
            {
                if (language == SessionJsonBody.SourceKey || language == session.SourceLanguage)
                {
                    SessionEditing.SetSourceText(session, field, text, now);
                }
                else
                {
                    if (!session.Texts.TryGetValue(field, out var texts))
                    {
                        session.Texts[field] = texts = new Dictionary<string, string>(StringComparer.Ordinal);
                    }
                    texts[language] = text;
                    session.Translations[language] = new TranslationState(TextOrigin.Reviewed, null, false, now);
                }
            }
        }
    }
}
