using Conference.Contracts;
using Conference.Messaging.Outbox;
using Conference.Registration.Data;
using Conference.Registration.Idempotency;
using Microsoft.EntityFrameworkCore;

namespace Conference.Registration.Seats;

/// <summary>
/// The usual registration — a seat is free — as one SQL statement: take the seat (the same
/// conditional update as <see cref="SeatLedger.TakeAsync"/>), insert the registration, its
/// <see cref="RegistrationConfirmed"/> outbox row and, with an <c>Idempotency-Key</c>, the replay
/// record, all or nothing, committed by the statement itself. Every registration for a session
/// passes through its counter row, and a row lock lasts until the commit: here that is one
/// statement's time instead of three round trips (update, insert, commit) with the service's own
/// scheduling in between, which is what bounds a hot session (bench/: hot session vs pgbench).
/// The statement also checks that the session offers the attendee's language, so the usual
/// registration reads nothing before it (the endpoint validates the other fields first).
/// Anything else — full, closed or unknown session, a language it does not offer — writes nothing
/// and is left to the endpoint's other path (session copy, refusals, waiting list).
/// </summary>
internal static class SeatFastPath
{
    /// <summary>
    /// True when the seat was taken and everything written, through <paramref name="group"/>'s
    /// statement when it is on, else (or when the group could not take this one) by a statement of
    /// its own. Throws the database's unique violation (duplicate email, a key used concurrently)
    /// like the transactional path does.
    /// </summary>
    public static async Task<bool> TryConfirmAsync(
        RegistrationDbContext db, SeatGroupCommit group, Registrations.Registration registration, RegistrationConfirmed confirmed,
        IdempotencyRecord? replay, CancellationToken ct)
    {
        // The outbox row exactly as AddEvent makes it (payload, type name, trace parent), not saved by EF.
        db.AddEvent(confirmed);
        var outbox = db.ChangeTracker.Entries<OutboxMessage>().Single().Entity;
        db.ChangeTracker.Clear();

        // Under load, with the registrations that arrived at the same time (see SeatGroupCommit).
        if (group.Enabled)
        {
            switch (await group.SubmitAsync(registration, outbox, replay, ct))
            {
                case GroupCommitOutcome.Confirmed:
                    return true;
                case GroupCommitOutcome.NoSeat:
                    return false;
            }
        }

        var r = registration;
        var now = r.CreatedAt;
        var hasKey = replay is not null;
        var keyHash = replay?.KeyHash ?? "";
        var fingerprint = replay?.RequestFingerprint;
        var answer = replay?.Answer ?? [];
        var status = replay?.StatusCode ?? 0;
        var expires = replay?.ExpiresAt ?? now;
        var written = await db.Database.SqlQuery<int>($"""
            WITH seat AS (
                UPDATE session_seats SET confirmed = confirmed + 1, updated_at = {now}
                WHERE session_id = {r.SessionId} AND status = 'open' AND starts_at > {now} AND confirmed < capacity
                  AND {r.Language} = ANY(languages)
                RETURNING session_id
            ), registration AS (
                INSERT INTO registrations (id, session_id, name, email, normalised_email, organisation, country, language, time_zone,
                                           status, waitlist_order, manage_token_hash, created_at, confirmed_at)
                SELECT {r.Id}, session_id, {r.Name}, {r.Email}, {r.NormalisedEmail}, {r.Organisation}, {r.Country}, {r.Language}, {r.TimeZone},
                       'confirmed', NULL, {r.ManageTokenHash}, {now}, {now}
                FROM seat
                RETURNING id
            ), event AS (
                INSERT INTO outbox_messages (id, message_type, payload, occurred_at, trace_parent, attempts)
                SELECT {outbox.Id}, {outbox.MessageType}, CAST({outbox.Payload} AS jsonb), {outbox.OccurredAt}, {outbox.TraceParent}, 0
                FROM registration
                RETURNING id
            ), replay AS (
                INSERT INTO idempotency_records (key_hash, session_id, status_code, request_fingerprint, answer, created_at, expires_at)
                SELECT {keyHash}, {r.SessionId}, {status}, {fingerprint}, {answer}, {now}, {expires}
                FROM registration WHERE {hasKey}
                RETURNING key_hash
            )
            SELECT count(*)::int AS "Value" FROM event
            """).ToListAsync(ct);
        return written.Count == 1 && written[0] == 1;
    }
}
