using Conference.Contracts;
using Conference.Messaging.Inbox;
using Conference.Messaging.Outbox;
using Conference.Registration.Data;
using Conference.Registration.Registrations;
using Conference.Registration.Seats;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Conference.Registration.Sessions;

/// <summary>
/// <see cref="SessionPublished"/>: opens the session's seat counter with the snapshot's capacity.
/// If the counter exists (opened from Catalog's answer, or a redelivery) its counts, capacity and
/// status are kept; languages, organisers and a not-older schedule are refreshed.
/// </summary>
internal sealed class SessionPublishedSeatsConsumer(RegistrationDbContext db, TimeProvider time)
    : InboxConsumer<SessionPublished, RegistrationDbContext>(db, time)
{
    protected override Task HandleAsync(ConsumeContext<SessionPublished> context)
    {
        var s = context.Message.Session;
        return SeatLedger.UpsertAsync(Db, s.SessionId, s.Capacity, s.StartsAt, s.EndsAt, s.Languages, s.Organisers,
            s.ScheduleVersion, authoritative: false, Time.GetUtcNow(), context.CancellationToken);
    }
}

/// <summary>
/// <see cref="SessionUpdated"/>: refreshes languages and organisers (and opens the counter if the
/// publication has not arrived yet); counts and capacity are Registration's.
/// </summary>
internal sealed class SessionUpdatedSeatsConsumer(RegistrationDbContext db, TimeProvider time)
    : InboxConsumer<SessionUpdated, RegistrationDbContext>(db, time)
{
    protected override Task HandleAsync(ConsumeContext<SessionUpdated> context)
    {
        var s = context.Message.Session;
        return SeatLedger.UpsertAsync(Db, s.SessionId, s.Capacity, s.StartsAt, s.EndsAt, s.Languages, s.Organisers,
            s.ScheduleVersion, authoritative: false, Time.GetUtcNow(), context.CancellationToken);
    }
}

/// <summary>
/// <see cref="SessionRescheduled"/>: moves start and end, only when its schedule version is newer than
/// the copy's. Catalog reschedules only published sessions, so a reschedule that finds no counter
/// overtook its publication (the two are consumed concurrently, from separate queues): it fails with
/// <see cref="ArrivedTooEarlyException"/> and the bus's retry delivers it again after the
/// publication, whose older schedule version then no longer overwrites it. Dropping it instead
/// left the counter with the card's old start, closed to attendees (seen in CI).
/// </summary>
internal sealed class SessionRescheduledSeatsConsumer(RegistrationDbContext db, TimeProvider time)
    : InboxConsumer<SessionRescheduled, RegistrationDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<SessionRescheduled> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        var starts = m.StartsAt.ToUniversalTime();
        var ends = m.EndsAt.ToUniversalTime();
        var now = Time.GetUtcNow();
        var moved = await Db.Database.ExecuteSqlAsync($"""
            UPDATE session_seats SET starts_at = {starts}, ends_at = {ends}, schedule_version = {m.ScheduleVersion}, updated_at = {now}
            WHERE session_id = {m.SessionId} AND schedule_version < {m.ScheduleVersion}
            """, ct);
        if (moved == 0 && !await Db.Seats.AnyAsync(s => s.SessionId == m.SessionId, ct))
        {
            throw ArrivedTooEarlyException.SessionNotKnownYet("Registration", m.SessionId);
        }
    }
}


/// <summary>
/// <see cref="SessionCancelled"/>: closes the counter (a cancelled row is created if the publication
/// has not arrived yet, so a late publication cannot reopen it) and ends every registration with
/// reason "session-cancelled", one <see cref="RegistrationCancelled"/> each, so attendees are told.
/// </summary>
internal sealed class SessionCancelledSeatsConsumer(RegistrationDbContext db, TimeProvider time)
    : InboxConsumer<SessionCancelled, RegistrationDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<SessionCancelled> context)
    {
        var ct = context.CancellationToken;
        var sessionId = context.Message.SessionId;
        var seats = await SeatLedger.LockAsync(Db, sessionId, ct);
        var now = Time.GetUtcNow(); // under the lock: the session's events are stamped in commit order
        if (seats is null)
        {
            Db.Seats.Add(new SessionSeats { SessionId = sessionId, Status = SeatStatus.Cancelled, UpdatedAt = now });
            return;
        }

        var active = await Db.Registrations
            .Where(r => r.SessionId == sessionId && r.Status != RegistrationStatus.Cancelled)
            .OrderBy(r => r.CreatedAt)
            .ToListAsync(ct);
        foreach (var r in active)
        {
            var heldSeat = r.Status == RegistrationStatus.Confirmed;
            r.Status = RegistrationStatus.Cancelled;
            r.CancelledAt = now;
            r.CancelReason = CancelReasons.SessionCancelled;
            Db.AddEvent(new RegistrationCancelled(OutboxExtensions.NewEventId(), now, r.ToAttendee(), CancelReasons.SessionCancelled, heldSeat));
        }
        seats.Status = SeatStatus.Cancelled;
        seats.Confirmed = 0;
        seats.Waitlisted = 0;
        seats.UpdatedAt = now;
    }
}
