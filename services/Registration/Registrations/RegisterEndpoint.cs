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
    /// <c>Idempotency-Key</c> header the first answer is replayed for 24 hours to a request with the
    /// same fields (compared normalised: <see cref="Fingerprint"/>); the same key with other fields is a
    /// 422 naming <c>Idempotency-Key</c> that registers nothing and reveals nothing of the first answer
    /// (IETF draft "The Idempotency-Key HTTP Header Field", §2.6/§2.7: a key is bound to its request).
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
        // 1 to 200 printable ASCII characters (an sf-string, IETF Idempotency-Key draft §2.1): the
        // gateway refuses other header bytes too, this holds the rule without it.
        if (idempotencyKey is not null && (idempotencyKey.Length == 0 || idempotencyKey.Length > IdempotencyStore.MaxKeyLength
                                           || idempotencyKey.Any(c => c is < ' ' or > '~')))
        {
            return Problems.Validation(new Dictionary<string, string[]>
            {
                ["Idempotency-Key"] = [$"The Idempotency-Key header must be 1 to {IdempotencyStore.MaxKeyLength} printable ASCII characters."],
            });
        }
        request ??= new RegisterRequest(null, null, null, null, null, null);
        var fingerprint = idempotencyKey is null ? null : Fingerprint(id, idempotencyKey, request);
        if (await ReplayAsync(db, id, idempotencyKey, fingerprint, now, ct) is { } replay)
        {
            return replay;
        }

        // Usually the session is open, has a free seat and offers the attendee's language: one statement
        // checks all that in the database and writes everything (SeatFastPath), with no read before it.
        // Anything else writes nothing and takes the path below, which reads the session's copy and
        // gives each refusal its own answer (404, 409, 422 on the language, the waiting list).
        var registration = NewRegistration(id, request, now, out var token);
        if (RegistrationRules.Validate(request, sessionLanguages: null).Count == 0)
        {
            var confirmed = new RegistrationAnswer(registration.Id, RegistrationStatus.Confirmed, null, token);
            registration.ConfirmedAt = now;
            try
            {
                var replayRecord = idempotencyKey is null ? null : IdempotencyStore.Record(id, idempotencyKey, fingerprint!, StatusCodes.Status201Created, confirmed, now);
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
                if (await ConflictAsync(db, id, idempotencyKey, fingerprint, pg.ConstraintName, now, ct) is { } conflict)
                {
                    return conflict;
                }
                // An expired replay record under the same key, not purged yet: the transactional path removes it.
            }
        }

        var session = await sessions.FindAsync(id, ct);
        if (Refusal(session, id, now) is { } refused)
        {
            return refused;
        }

        var errors = RegistrationRules.Validate(request, session!.Languages);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
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
                    await IdempotencyStore.StageAsync(db, id, idempotencyKey, fingerprint!, StatusCodes.Status201Created, result, now, ct);
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
            if (await ConflictAsync(db, id, idempotencyKey, fingerprint, pg.ConstraintName, now, ct) is { } conflict)
            {
                return conflict;
            }
            throw;
        }

        // The session closed between the check and the transaction. A request with the same key that
        // began at the same time may have registered before it closed: its answer is this one's too.
        if (await ReplayAsync(db, id, idempotencyKey, fingerprint, now, ct) is { } first)
        {
            return first;
        }
        var latest = await db.Seats.AsNoTracking().SingleOrDefaultAsync(s => s.SessionId == id, ct);
        return Refusal(latest, id, now) ?? Problems.Conflict(Problems.SessionStarted, "The session no longer takes registrations.");
    }

    /// <summary>
    /// A unique violation: a concurrent request with the same key won (answer what it answered, or 422
    /// when it came with other fields), or the email already holds a registration (409); null for
    /// anything else.
    /// </summary>
    private static async Task<Results<Created<RegistrationAnswer>, ProblemHttpResult>?> ConflictAsync(
        RegistrationDbContext db, Guid id, string? idempotencyKey, string? fingerprint, string? constraint, DateTimeOffset now, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        if (await ReplayAsync(db, id, idempotencyKey, fingerprint, now, ct) is { } first)
        {
            return first;
        }
        if (constraint == RegistrationDbContext.UniqueActiveEmailIndex)
        {
            return Problems.Conflict(Problems.DuplicateEmail, "This email already holds a registration for this session.");
        }
        return null;
    }

    /// <summary>
    /// What a fresh record of the key answers: its first answer (201) to the same request; a 422
    /// problem on <c>Idempotency-Key</c> to a different one; null when the key has no fresh record.
    /// </summary>
    private static async Task<Results<Created<RegistrationAnswer>, ProblemHttpResult>?> ReplayAsync(
        RegistrationDbContext db, Guid id, string? idempotencyKey, string? fingerprint, DateTimeOffset now, CancellationToken ct)
    {
        if (idempotencyKey is null || fingerprint is null)
        {
            return null;
        }
        var (outcome, answer) = await IdempotencyStore.FindAsync<RegistrationAnswer>(db, id, idempotencyKey, fingerprint, now, ct);
        return outcome switch
        {
            ReplayOutcome.Same => Created(answer!),
            ReplayOutcome.DifferentRequest => Problems.Validation(new Dictionary<string, string[]>
            {
                ["Idempotency-Key"] = ["This Idempotency-Key was already used for a different request (other registration details) in the last 24 hours. Send a new key for a new registration."],
            }),
            _ => null,
        };
    }

    /// <summary>
    /// The request as the idempotency key is bound to it (<see cref="IdempotencyStore.Fingerprint"/>):
    /// session, name trimmed, email normalised as emails are compared (<see cref="EmailAddress.Normalise"/>),
    /// organisation and country trimmed (blank = absent), language trimmed lower-case, time zone trimmed.
    /// Requests that differ only in spacing, in the case of the email or the language share it; any other difference does not.
    /// </summary>
    internal static string Fingerprint(Guid id, string idempotencyKey, RegisterRequest request) =>
        IdempotencyStore.Fingerprint(id, idempotencyKey,
        [
            id.ToString(),
            request.Name?.Trim(),
            request.Email is null ? null : EmailAddress.Normalise(request.Email),
            Blank(request.Organisation),
            Blank(request.Country),
            request.Language?.Trim().ToLowerInvariant(),
            request.TimeZone?.Trim(),
        ]);

    /// <summary>The registration row of a valid request (status confirmed; the path that writes it may change that), and its manage token.</summary>
    private static Registration NewRegistration(Guid id, RegisterRequest request, DateTimeOffset now, out string token)
    {
        token = ManageToken.Create();
        var email = request.Email?.Trim() ?? "";
        return new Registration
        {
            Id = Guid.CreateVersion7(),
            SessionId = id,
            Name = request.Name?.Trim() ?? "",
            Email = email,
            NormalisedEmail = EmailAddress.Normalise(email),
            Organisation = Blank(request.Organisation),
            Country = Blank(request.Country),
            Language = request.Language?.Trim().ToLowerInvariant() ?? "",
            TimeZone = request.TimeZone?.Trim() ?? "",
            Status = RegistrationStatus.Confirmed,
            ManageTokenHash = ManageToken.Hash(token),
            CreatedAt = now,
        };
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
