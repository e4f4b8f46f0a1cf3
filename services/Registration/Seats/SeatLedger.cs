using Conference.Contracts;
using Conference.Messaging.Outbox;
using Conference.Registration.Data;
using Conference.Registration.Registrations;
using Microsoft.EntityFrameworkCore;

namespace Conference.Registration.Seats;

/// <summary>The outcome of taking a place: a seat, or a place on the waiting list.</summary>
/// <param name="Seated">True: confirmed; false: waitlisted.</param>
/// <param name="Position">Waiting-list position (1 = next) when waitlisted.</param>
/// <param name="Order">Waiting-list order (first come, first served) when waitlisted.</param>
internal sealed record SeatOutcome(bool Seated, int Position, long Order);

/// <summary>
/// The seat arithmetic, done by PostgreSQL on the session's counter row: a conditional
/// <c>UPDATE ... RETURNING</c> to take a place, a row lock (<c>SELECT ... FOR UPDATE</c>) for changes
/// that touch several registrations (cancellation, promotion, capacity). Every change to a session's
/// registrations passes through that row, so they are serialised per session and never oversell.
/// Call inside a transaction.
/// </summary>
internal static class SeatLedger
{
    /// <summary>
    /// Takes a seat if one is free, else a place at the end of the waiting list. Null when the
    /// session is unknown, cancelled or started (at <paramref name="now"/>). Both updates are
    /// conditional: a waiting-list place is taken only while the session is full, so a seat freed
    /// between the two statements is taken by the retry, never left empty.
    /// </summary>
    public static async Task<SeatOutcome?> TakeAsync(RegistrationDbContext db, Guid sessionId, DateTimeOffset now, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var seated = await db.Database.SqlQuery<int>($"""
                UPDATE session_seats SET confirmed = confirmed + 1, updated_at = {now}
                WHERE session_id = {sessionId} AND status = 'open' AND starts_at > {now} AND confirmed < capacity
                RETURNING confirmed AS "Value"
                """).ToListAsync(ct);
            if (seated.Count == 1)
            {
                return new SeatOutcome(true, 0, 0);
            }

            var queued = await db.Database.SqlQuery<WaitlistPlace>($"""
                UPDATE session_seats SET waitlisted = waitlisted + 1, waitlist_sequence = waitlist_sequence + 1, updated_at = {now}
                WHERE session_id = {sessionId} AND status = 'open' AND starts_at > {now} AND confirmed >= capacity
                RETURNING waitlisted AS "Position", waitlist_sequence AS "Order"
                """).ToListAsync(ct);
            if (queued.Count == 1)
            {
                return new SeatOutcome(false, queued[0].Position, queued[0].Order);
            }

            var open = await db.Seats.AsNoTracking()
                .AnyAsync(s => s.SessionId == sessionId && s.Status == SeatStatus.Open && s.StartsAt > now, ct);
            if (!open)
            {
                return null;
            }
        }
        throw new InvalidOperationException($"Seat counter of session {sessionId} kept changing; giving up.");
    }

    /// <summary>Locks the session's counter row for the rest of the transaction and returns it (tracked); null when unknown.</summary>
    public static async Task<SessionSeats?> LockAsync(RegistrationDbContext db, Guid sessionId, CancellationToken ct)
    {
        var rows = await db.Seats.FromSql($"SELECT * FROM session_seats WHERE session_id = {sessionId} FOR UPDATE").ToListAsync(ct);
        return rows.SingleOrDefault();
    }

    /// <summary>
    /// With the row locked: gives every free seat to the first on the waiting list (by order),
    /// stages a <see cref="RegistrationPromoted"/> for each, and returns them.
    /// </summary>
    public static async Task<IReadOnlyList<Registrations.Registration>> PromoteAsync(RegistrationDbContext db, SessionSeats seats, DateTimeOffset now, CancellationToken ct)
    {
        var free = seats.Capacity - seats.Confirmed;
        if (seats.Status != SeatStatus.Open || free <= 0 || seats.Waitlisted <= 0)
        {
            return [];
        }

        var promoted = await db.Registrations
            .Where(r => r.SessionId == seats.SessionId && r.Status == RegistrationStatus.Waitlisted)
            .OrderBy(r => r.WaitlistOrder)
            .Take(free)
            .ToListAsync(ct);
        foreach (var r in promoted)
        {
            r.Status = RegistrationStatus.Confirmed;
            r.ConfirmedAt = now;
            db.AddEvent(new RegistrationPromoted(OutboxExtensions.NewEventId(), now, r.ToAttendee()));
        }
        seats.Confirmed += promoted.Count;
        seats.Waitlisted -= promoted.Count;
        seats.UpdatedAt = now;
        return promoted;
    }

    /// <summary>
    /// Opens or refreshes a session's counter from Catalog's data (an event snapshot, or Catalog's
    /// HTTP answer when an event is late). A new row starts with <paramref name="capacity"/> and no
    /// registrations; an existing row keeps its counts, capacity and status (cancelled stays
    /// cancelled) and takes the schedule only when <paramref name="scheduleVersion"/> is not older,
    /// or always when <paramref name="authoritative"/> (Catalog's current answer).
    /// </summary>
    public static Task UpsertAsync(
        RegistrationDbContext db, Guid sessionId, int capacity, DateTimeOffset startsAt, DateTimeOffset endsAt,
        IReadOnlyCollection<string> languages, IReadOnlyCollection<string> organisers, int scheduleVersion,
        bool authoritative, DateTimeOffset now, CancellationToken ct)
    {
        var langs = languages.Select(l => l.Trim().ToLowerInvariant()).Distinct().ToArray();
        var orgs = organisers.Select(o => o.Trim()).Distinct().ToArray();
        var seats = Math.Max(0, capacity);
        startsAt = startsAt.ToUniversalTime();
        endsAt = endsAt.ToUniversalTime();
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO session_seats (session_id, capacity, confirmed, waitlisted, waitlist_sequence, starts_at, ends_at, status, organisers, languages, schedule_version, updated_at)
            VALUES ({sessionId}, {seats}, 0, 0, 0, {startsAt}, {endsAt}, 'open', {orgs}, {langs}, {scheduleVersion}, {now})
            ON CONFLICT (session_id) DO UPDATE SET
                organisers = EXCLUDED.organisers,
                languages = EXCLUDED.languages,
                starts_at = CASE WHEN {authoritative} OR EXCLUDED.schedule_version >= session_seats.schedule_version THEN EXCLUDED.starts_at ELSE session_seats.starts_at END,
                ends_at = CASE WHEN {authoritative} OR EXCLUDED.schedule_version >= session_seats.schedule_version THEN EXCLUDED.ends_at ELSE session_seats.ends_at END,
                schedule_version = GREATEST(EXCLUDED.schedule_version, session_seats.schedule_version),
                updated_at = EXCLUDED.updated_at
            """, ct);
    }

    /// <summary>Waiting-list position of a waitlisted registration now (1 = next): those ahead of it still waiting, plus one.</summary>
    public static Task<int> PositionAsync(RegistrationDbContext db, Guid sessionId, long order, CancellationToken ct) =>
        db.Registrations.CountAsync(r => r.SessionId == sessionId && r.Status == RegistrationStatus.Waitlisted && r.WaitlistOrder <= order, ct);

    private sealed class WaitlistPlace
    {
        public int Position { get; set; }
        public long Order { get; set; }
    }
}
