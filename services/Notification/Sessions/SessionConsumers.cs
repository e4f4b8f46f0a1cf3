using Conference.Contracts;
using Conference.Messaging.Inbox;
using Conference.Notification.Data;
using Conference.Notification.Messages;
using Conference.Notification.Registrations;
using Conference.Notification.Reminders;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Conference.Notification.Sessions;

/// <summary>A published session: creates (or refreshes) the local copy.</summary>
internal sealed class SessionPublishedConsumer(NotificationDbContext db, TimeProvider time, SessionMoves moves)
    : InboxConsumer<SessionPublished, NotificationDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<SessionPublished> context)
    {
        var s = context.Message.Session;
        var copy = await Db.ForUpdateAsync(s.SessionId, context.CancellationToken);
        var version = copy?.ScheduleVersion;
        copy = copy.Apply(s, Time.GetUtcNow(), Db);
        if (version is not null && s.ScheduleVersion > version)
        {
            await moves.MoveAsync(copy, s.StartsAt, s.EndsAt, s.ScheduleVersion, context.CancellationToken);
        }
    }
}

/// <summary>
/// A published session's texts or details changed: refreshes the copy. A snapshot with a higher
/// schedule version than the copy's is a move (the reschedule event may still be on its way).
/// </summary>
internal sealed class SessionUpdatedConsumer(NotificationDbContext db, TimeProvider time, SessionMoves moves)
    : InboxConsumer<SessionUpdated, NotificationDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<SessionUpdated> context)
    {
        var s = context.Message.Session;
        var copy = await Db.ForUpdateAsync(s.SessionId, context.CancellationToken);
        var version = copy?.ScheduleVersion;
        copy = copy.Apply(s, Time.GetUtcNow(), Db);
        if (version is not null && s.ScheduleVersion > version)
        {
            await moves.MoveAsync(copy, s.StartsAt, s.EndsAt, s.ScheduleVersion, context.CancellationToken);
        }
    }
}

/// <summary>
/// A session moved: its copy takes the new times, reminders move, and every attendee gets one update
/// (confirmed ones an iCalendar REQUEST with the same UID and the new, higher SEQUENCE).
/// An event not newer than the copy's schedule version was already applied and changes nothing.
/// </summary>
internal sealed class SessionRescheduledConsumer(NotificationDbContext db, TimeProvider time, SessionMoves moves)
    : InboxConsumer<SessionRescheduled, NotificationDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<SessionRescheduled> context)
    {
        var m = context.Message;
        var copy = await Db.ForUpdateAsync(m.SessionId, context.CancellationToken) ?? throw ArrivedTooEarlyException.SessionNotKnownYet("Notification", m.SessionId);
        if (m.ScheduleVersion > copy.ScheduleVersion)
        {
            await moves.MoveAsync(copy, m.StartsAt, m.EndsAt, m.ScheduleVersion, context.CancellationToken);
        }
    }
}

/// <summary>
/// The organisers cancelled a session: reminders are dropped and every attendee still registered gets
/// one message (with an iCalendar CANCEL for those holding a seat). Registration's own
/// <c>RegistrationCancelled</c> (reason "session-cancelled") that may follow maps to the same message key.
/// </summary>
internal sealed class SessionCancelledConsumer(NotificationDbContext db, TimeProvider time, Mailbox mailbox, ReminderPlanner reminders)
    : InboxConsumer<SessionCancelled, NotificationDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<SessionCancelled> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        var copy = await Db.ForUpdateAsync(m.SessionId, ct) ?? throw ArrivedTooEarlyException.SessionNotKnownYet("Notification", m.SessionId);
        copy.Cancelled = true;
        copy.CancelReason = m.Reason;
        copy.UpdatedAt = Time.GetUtcNow();
        await reminders.DropSessionAsync(copy.Id, ct);
        var registered = await Db.Registrations.Where(r => r.SessionId == copy.Id && r.Status != RegistrationStatus.Cancelled).ToListAsync(ct);
        foreach (var registration in registered)
        {
            await mailbox.EnqueueAsync(new MessageRequest(
                MessageKind.SessionCancelled, 0, copy, registration,
                HeldSeat: registration.Status == RegistrationStatus.Confirmed, Reason: m.Reason), ct);
        }
    }
}

/// <summary>Translation made a session's texts in one language: merged into the copy.</summary>
internal sealed class SessionTranslatedConsumer(NotificationDbContext db, TimeProvider time)
    : InboxConsumer<SessionTranslated, NotificationDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<SessionTranslated> context)
    {
        var m = context.Message;
        var copy = await Db.ForUpdateAsync(m.SessionId, context.CancellationToken) ?? throw ArrivedTooEarlyException.SessionNotKnownYet("Notification", m.SessionId);
        var texts = copy.Texts.ToDictionary(f => f.Key, f => new Dictionary<string, string>(f.Value));
        foreach (var (field, text) in m.Fields)
        {
            if (!texts.TryGetValue(field, out var byLanguage))
            {
                texts[field] = byLanguage = [];
            }
            byLanguage[m.Language] = text;
        }
        copy.Texts = texts;
        copy.UpdatedAt = Time.GetUtcNow();
    }
}
