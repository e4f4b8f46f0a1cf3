using Conference.Notification.Data;
using Conference.Notification.Messages;
using Conference.Notification.Registrations;
using Conference.Notification.Reminders;
using Microsoft.EntityFrameworkCore;

namespace Conference.Notification.Sessions;

/// <summary>
/// What a move of a session does (in the caller's transaction, the copy locked): new times and schedule
/// version on the copy, reminders moved, and one <see cref="MessageKind.SessionRescheduled"/> message per
/// registered attendee, keyed by the new schedule version.
/// </summary>
internal sealed class SessionMoves(NotificationDbContext db, Mailbox mailbox, ReminderPlanner reminders, TimeProvider time)
{
    public async Task MoveAsync(SessionCopy copy, DateTimeOffset startsAt, DateTimeOffset endsAt, int scheduleVersion, CancellationToken ct)
    {
        copy.StartsAt = startsAt;
        copy.EndsAt = endsAt;
        copy.ScheduleVersion = scheduleVersion;
        copy.UpdatedAt = time.GetUtcNow();
        if (copy.Cancelled)
        {
            return;
        }
        var registered = await db.Registrations.Where(r => r.SessionId == copy.Id && r.Status != RegistrationStatus.Cancelled).ToListAsync(ct);
        var confirmed = registered.Where(r => r.Status == RegistrationStatus.Confirmed).ToList();
        await reminders.ReplanSessionAsync(copy, confirmed, ct);
        foreach (var registration in registered)
        {
            await mailbox.EnqueueAsync(new MessageRequest(
                MessageKind.SessionRescheduled, scheduleVersion, copy, registration,
                HeldSeat: registration.Status == RegistrationStatus.Confirmed), ct);
        }
    }
}
