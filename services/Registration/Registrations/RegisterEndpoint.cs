using System.Text.Json.Serialization;
using Conference.Contracts;
using Conference.Messaging.Outbox;
using Conference.Registration.Data;
using Conference.Registration.Idempotency;
using Conference.Registration.Seats;
using Conference.Registration.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Conference.Registration.Registrations;

/// <summary>Body of <c>POST /api/v1/sessions/{id}/registrations</c>.</summary>
/// <param name="Name">Attendee name, required, at most 200 characters.</param>
/// <param name="Email">Email address, required; compared trimmed, NFKC, case-insensitively.</param>
/// <param name="Organisation">Optional, at most 200 characters.</param>
/// <param name="Country">Optional, at most 100 characters.</param>
/// <param name="Language">ISO 639-1, one of the session's languages.</param>
/// <param name="TimeZone">IANA time zone name (e.g. <c>America/Montevideo</c>).</param>
public sealed record RegisterRequest(string? Name, string? Email, string? Organisation, string? Country, string? Language, string? TimeZone);

/// <summary>
/// Answer of a registration: <c>status</c> "confirmed" or "waitlisted"; <c>waitlistPosition</c>
/// (1 = next) only when waitlisted; <c>manageToken</c> is given only here, once.
/// </summary>
public sealed record RegistrationAnswer(
    Guid Id,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? WaitlistPosition,
    string ManageToken);

internal static class RegisterEndpoint
{
    /// <summary>
    /// <c>POST /api/v1/sessions/{id}/registrations</c>: 201 + <see cref="RegistrationAnswer"/>
    /// (<c>Location: /api/v1/registrations/{id}</c>); 409 (<c>reason</c>: duplicate-email,
    /// session-cancelled, session-started); 404 unknown session; 422 invalid fields. With an
    /// <c>Idempotency-Key</c> header the first answer is replayed for 24 hours.
    /// The seat is taken by the database in the same transaction as the registration row and its
    /// event: one statement while seats are free (<see cref="SeatFastPath"/>, several registrations
    /// arriving together in one statement: <see cref="SeatGroupCommit"/>), else a transaction
    /// (<see cref="SeatLedger.TakeAsync"/>: waiting list, refusals).
    /// </summary>
    public static async Task<Results<Created<RegistrationAnswer>, ProblemHttpResult>> Register(
        Guid id,
        RegisterRequest? request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        RegistrationDbContext db,
        SessionCopies sessions,
        OutboxSignal outbox,
        SeatGroupCommit group,
        TimeProvider time,
        CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (idempotencyKey is not null && (idempotencyKey.Length == 0 || idempotencyKey.Length > IdempotencyStore.MaxKeyLength))
        {
            return Problems.Validation(new Dictionary<string, string[]>
            {
                ["Idempotency-Key"] = [$"The Idempotency-Key header must be 1 to {IdempotencyStore.MaxKeyLength} characters."],
            });
        }
        if (idempotencyKey is not null && await IdempotencyStore.FindAsync<RegistrationAnswer>(db, id, idempotencyKey, now, ct) is { } replay)
        {
            return Created(replay);
        }

        var session = await sessions.FindAsync(id, ct);
        if (Refusal(session, id, now) is { } refused)
        {
            return refused;
        }

        request ??= new RegisterRequest(null, null, null, null, null, null);
        var errors = RegistrationRules.Validate(request, session!.Languages);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var token = ManageToken.Create();
        var email = request.Email!.Trim();
        var registration = new Registration
        {
            Id = Guid.CreateVersion7(),
            SessionId = id,
            Name = request.Name!.Trim(),
            Email = email,
            NormalisedEmail = EmailAddress.Normalise(email),
            Organisation = Blank(request.Organisation),
            Country = Blank(request.Country),
            Language = request.Language!.Trim().ToLowerInvariant(),
            TimeZone = request.TimeZone!.Trim(),
            Status = RegistrationStatus.Confirmed,
            ManageTokenHash = ManageToken.Hash(token),
            CreatedAt = now,
        };

        // Usually a seat is free: one statement takes it and writes everything (see SeatFastPath).
        var confirmed = new RegistrationAnswer(registration.Id, RegistrationStatus.Confirmed, null, token);
        registration.ConfirmedAt = now;
        try
        {
            var replayRecord = idempotencyKey is null ? null : IdempotencyStore.Record(id, idempotencyKey, StatusCodes.Status201Created, confirmed, now);
            var @event = new RegistrationConfirmed(OutboxExtensions.NewEventId(), now, registration.ToAttendee(token));
            if (await SeatFastPath.TryConfirmAsync(db, group, registration, @event, replayRecord, ct))
            {
                outbox.Notify();
                return Created(confirmed);
            }
        }
        catch (PostgresException pg) when (pg.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            if (pg.ConstraintName == "PK_registrations")
            {
                return Created(confirmed); // a retried statement whose first attempt had committed
            }
            if (await ConflictAsync(db, id, idempotencyKey, pg.ConstraintName, now, ct) is { } conflict)
            {
                return conflict;
            }
            // An expired replay record under the same key, not purged yet: the transactional path removes it.
        }

        try
        {
            var answer = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var outcome = await SeatLedger.TakeAsync(db, id, now, ct);
                if (outcome is null)
                {
                    return null;
                }

                registration.Status = outcome.Seated ? RegistrationStatus.Confirmed : RegistrationStatus.Waitlisted;
                registration.ConfirmedAt = outcome.Seated ? now : null;
                registration.WaitlistOrder = outcome.Seated ? null : outcome.Order;
                db.Registrations.Add(registration);
                var attendee = registration.ToAttendee(token);
                if (outcome.Seated)
                {
                    db.AddEvent(new RegistrationConfirmed(OutboxExtensions.NewEventId(), now, attendee));
                }
                else
                {
                    db.AddEvent(new RegistrationWaitlisted(OutboxExtensions.NewEventId(), now, attendee, outcome.Position));
                }

                var result = new RegistrationAnswer(registration.Id, registration.Status, outcome.Seated ? null : outcome.Position, token);
                if (idempotencyKey is not null)
                {
                    await IdempotencyStore.StageAsync(db, id, idempotencyKey, StatusCodes.Status201Created, result, now, ct);
                }
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return result;
            });

            if (answer is not null)
            {
                return Created(answer);
            }
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg)
        {
            if (await ConflictAsync(db, id, idempotencyKey, pg.ConstraintName, now, ct) is { } conflict)
            {
                return conflict;
            }
            throw;
        }

        // The session closed between the check and the transaction. A request with the same key that
        // began at the same time may have registered before it closed: its answer is this one's too.
        if (idempotencyKey is not null && await IdempotencyStore.FindAsync<RegistrationAnswer>(db, id, idempotencyKey, now, ct) is { } first)
        {
            return Created(first);
        }
        var latest = await db.Seats.AsNoTracking().SingleOrDefaultAsync(s => s.SessionId == id, ct);
        return Refusal(latest, id, now) ?? Problems.Conflict(Problems.SessionStarted, "The session no longer takes registrations.");
    }

    /// <summary>
    /// A unique violation: a concurrent request with the same key won (answer what it answered), or
    /// the email already holds a registration (409); null for anything else.
    /// </summary>
    private static async Task<Results<Created<RegistrationAnswer>, ProblemHttpResult>?> ConflictAsync(
        RegistrationDbContext db, Guid id, string? idempotencyKey, string? constraint, DateTimeOffset now, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        if (idempotencyKey is not null && await IdempotencyStore.FindAsync<RegistrationAnswer>(db, id, idempotencyKey, now, ct) is { } first)
        {
            return Created(first);
        }
        if (constraint == RegistrationDbContext.UniqueActiveEmailIndex)
        {
            return Problems.Conflict(Problems.DuplicateEmail, "This email already holds a registration for this session.");
        }
        return null;
    }

    private static ProblemHttpResult? Refusal(SessionSeats? session, Guid id, DateTimeOffset now) => session switch
    {
        null => Problems.SessionNotFound(id),
        { Status: SeatStatus.Cancelled } => Problems.Conflict(Problems.SessionCancelled, "The session was cancelled; it takes no registrations."),
        _ when session.StartsAt <= now => Problems.Conflict(Problems.SessionStarted, $"The session started at {session.StartsAt:yyyy-MM-dd'T'HH:mm:ss'Z'}; it takes no registrations."),
        _ => null,
    };

    private static Created<RegistrationAnswer> Created(RegistrationAnswer answer) =>
        TypedResults.Created($"/api/v1/registrations/{answer.Id}", answer);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
