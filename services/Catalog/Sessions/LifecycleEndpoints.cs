using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Conference.Catalog.Data;
using Conference.Contracts;
using Conference.Messaging.Outbox;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Conference.Catalog.Sessions;

/// <summary>
/// Publish, reschedule and cancel: draft → published → cancelled, each change and its event
/// committed together through the outbox.
/// </summary>
internal static class LifecycleEndpoints
{
    public static RouteGroupBuilder MapSessionLifecycle(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/publish", PublishSession)
            .WithName("PublishSession")
            .WithSummary("Publish a draft session")
            .WithDescription("200 + session (status published); emits SessionPublished with the full snapshot. Idempotent: publishing a published session changes nothing and emits nothing. 403 not an organiser; 404; 409 cancelled.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/reschedule", RescheduleSession)
            .WithName("RescheduleSession")
            .WithSummary("Move a session to new times")
            .WithDescription("Body { \"startsAt\", \"endsAt\" } (UTC instants, endsAt after startsAt, else 422; a published session's new start must be in the future, else 422 on startsAt: its attendees are told every move; a draft may take any date, as cards of past forums are imported). 200 + session; on a published session emits SessionRescheduled with the schedule version raised by one. 403; 404; 409 cancelled.")
            .Accepts<RescheduleRequest>("application/json")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{id:guid}/cancel", CancelSession)
            .WithName("CancelSession")
            .WithSummary("Cancel a session")
            .WithDescription("Body { \"reason\" } (optional, at most 1000 characters). 200 + session (status cancelled); a published session emits SessionCancelled. Cancelling a cancelled session changes nothing. 403; 404.")
            .Accepts<CancelRequest>("application/json")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    public static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> PublishSession(
        Guid id, ClaimsPrincipal user, CatalogDbContext db, TimeProvider time, CancellationToken ct)
    {
        var (session, problem) = await FindOwnedAsync(db, id, user, ct);
        if (problem is not null)
        {
            return problem;
        }
        if (session!.Status == SessionStatus.Draft)
        {
            var now = time.GetUtcNow();
            var audited = SessionAudit.Values(session);
            session.Status = SessionStatus.Published;
            session.UpdatedAt = now;
            db.AddEvent(new SessionPublished(OutboxExtensions.NewEventId(), now, await SessionEditing.SnapshotAsync(db, session, ct)));
            SessionAudit.Record(db, user, SessionAudit.Publish, audited, session, now);
            if (await SaveAsync(db, ct) is { } conflict)
            {
                return conflict;
            }
        }
        return TypedResults.Ok(await SessionEditing.ResponseAsync(db, session, user.Organiser(), ct));
    }

    public static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> RescheduleSession(
        Guid id, HttpRequest request, ClaimsPrincipal user, CatalogDbContext db, TimeProvider time, CancellationToken ct)
    {
        var (session, problem) = await FindOwnedAsync(db, id, user, ct);
        if (problem is not null)
        {
            return problem;
        }
        var (json, bad) = await ApiProblems.ReadJsonObjectAsync(request, ct);
        if (bad is not null)
        {
            return bad;
        }
        var problems = new Problems();
        var startsAt = Instant(json!, "startsAt", problems);
        var endsAt = Instant(json!, "endsAt", problems);
        if (startsAt is { } s && endsAt is { } e && e <= s)
        {
            problems.Add("endsAt", "endsAt must be after startsAt.");
        }
        var now = time.GetUtcNow();
        if (SessionRules.PastStart(session!, startsAt, now) is { } past)
        {
            problems.Add("startsAt", past);
        }
        if (problems.Any)
        {
            return ApiProblems.Validation(problems);
        }

        var before = await SessionEditing.FingerprintAsync(db, session!, ct);
        var audited = SessionAudit.Values(session!);
        session!.StartsAt = startsAt!.Value;
        session.EndsAt = endsAt!.Value;
        session.UpdatedAt = now;
        await SessionEditing.ChangedAsync(db, session, before, now, ct);
        SessionAudit.Record(db, user, SessionAudit.Reschedule, audited, session, now);
        if (await SaveAsync(db, ct) is { } conflict)
        {
            return conflict;
        }
        return TypedResults.Ok(await SessionEditing.ResponseAsync(db, session, user.Organiser(), ct));
    }

    public static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> CancelSession(
        Guid id, HttpRequest request, ClaimsPrincipal user, CatalogDbContext db, TimeProvider time, CancellationToken ct)
    {
        var (session, problem) = await FindOwnedAsync(db, id, user, ct, allowCancelled: true);
        if (problem is not null)
        {
            return problem;
        }
        var (json, bad) = await ApiProblems.ReadJsonObjectAsync(request, ct, allowEmpty: true);
        if (bad is not null)
        {
            return bad;
        }
        var reason = "";
        if (json!["reason"] is { } node)
        {
            if (node is JsonValue value && value.TryGetValue<JsonElement>(out var el) && el.ValueKind == JsonValueKind.String && el.GetString()!.Length <= 1000)
            {
                reason = el.GetString()!.Trim();
            }
            else
            {
                return ApiProblems.Validation("reason", "A string of at most 1000 characters.");
            }
        }
        if (session!.Status != SessionStatus.Cancelled)
        {
            var now = time.GetUtcNow();
            var wasPublished = session.Status == SessionStatus.Published;
            var audited = SessionAudit.Values(session);
            session.Status = SessionStatus.Cancelled;
            session.UpdatedAt = now;
            SessionAudit.Record(db, user, SessionAudit.Cancel, audited, session, now, reason);
            if (wasPublished)
            {
                db.AddEvent(new SessionCancelled(OutboxExtensions.NewEventId(), now, session.Id, reason));
            }
            if (await SaveAsync(db, ct) is { } conflict)
            {
                return conflict;
            }
        }
        return TypedResults.Ok(await SessionEditing.ResponseAsync(db, session, user.Organiser(), ct));
    }

    private static async Task<(Session? Session, ProblemHttpResult? Problem)> FindOwnedAsync(
        CatalogDbContext db, Guid id, ClaimsPrincipal user, CancellationToken ct, bool allowCancelled = false)
    {
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null)
        {
            return (null, ApiProblems.NotFound());
        }
        if (!session.IsOrganisedBy(user.Organiser()))
        {
            return (null, ApiProblems.NotOrganiser());
        }
        if (session.Status == SessionStatus.Cancelled && !allowCancelled)
        {
            return (null, ApiProblems.Cancelled());
        }
        return (session, null);
    }

    private static async Task<ProblemHttpResult?> SaveAsync(CatalogDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblems.Status(StatusCodes.Status409Conflict, "The session changed meanwhile; read it again and retry.");
        }
    }

    private static DateTimeOffset? Instant(JsonObject json, string name, Problems problems)
    {
        if (json[name] is JsonValue value && value.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.String
            && e.GetString()!.Length >= 20 && e.TryGetDateTimeOffset(out var instant) && instant.Year is >= 2000 and <= 2200)
        {
            return instant.ToUniversalTime();
        }
        problems.Add(name, "Required: an ISO 8601 instant with its offset, e.g. 2021-06-01T17:05:00Z.");
        return null;
    }
}

/// <summary>New times of a session (UTC instants; endsAt after startsAt).</summary>
public sealed record RescheduleRequest(DateTimeOffset StartsAt, DateTimeOffset EndsAt);

/// <summary>Why a session is cancelled (told to its attendees).</summary>
public sealed record CancelRequest(string? Reason);
