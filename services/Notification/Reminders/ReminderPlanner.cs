using Conference.Notification.Data;
using Conference.Notification.Messages;
using Conference.Notification.Registrations;
using Conference.Notification.Sessions;
using Microsoft.EntityFrameworkCore;

namespace Conference.Notification.Reminders;

/// <summary>
/// Keeps the reminder schedule in step with seats and sessions, in the caller's transaction:
/// reminders 24 hours and 1 hour before the start for each confirmed attendee, none whose moment has
/// already passed, moved when the session moves, dropped when the seat or the session is cancelled.
/// </summary>
internal sealed class ReminderPlanner(NotificationDbContext db, TimeProvider time)
{
    /// <summary>How long before the start each reminder goes.</summary>
    public static readonly IReadOnlyList<(string Kind, TimeSpan Before)> Schedule =
    [
        (MessageKind.Reminder24h, TimeSpan.FromHours(24)),
        (MessageKind.Reminder1h, TimeSpan.FromHours(1)),
    ];

    /// <summary>Schedules the reminders of a confirmed registration whose moment is still ahead.</summary>
    public async Task PlanAsync(AttendeeRegistration registration, SessionCopy session, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // A registration first stored in this transaction has no reminders yet: no query needed.
        var existing = db.Entry(registration).State == EntityState.Added
            ? []
            : await db.Reminders.Where(r => r.RegistrationId == registration.Id).ToListAsync(ct);
        foreach (var (kind, before) in Schedule)
        {
            var due = session.StartsAt - before;
            var reminder = existing.FirstOrDefault(r => r.Kind == kind);
            if (due <= now)
            {
                if (reminder is not null)
                {
                    db.Reminders.Remove(reminder);
                }
                continue;
            }
            if (reminder is null)
            {
                db.Reminders.Add(new ScheduledReminder { Id = Guid.CreateVersion7(), RegistrationId = registration.Id, SessionId = session.Id, Kind = kind, DueAt = due });
            }
            else
            {
                reminder.DueAt = due;
            }
        }
    }

    /// <summary>Drops the reminders of a registration (seat cancelled).</summary>
    public Task DropAsync(Guid registrationId, CancellationToken ct) =>
        db.Reminders.Where(r => r.RegistrationId == registrationId).ExecuteDeleteAsync(ct);

    /// <summary>Drops every reminder of a session (session cancelled).</summary>
    public Task DropSessionAsync(Guid sessionId, CancellationToken ct) =>
        db.Reminders.Where(r => r.SessionId == sessionId).ExecuteDeleteAsync(ct);

    /// <summary>Moves the reminders of every confirmed attendee to the session's new start.</summary>
    public async Task ReplanSessionAsync(SessionCopy session, IEnumerable<AttendeeRegistration> confirmed, CancellationToken ct)
    {
        foreach (var registration in confirmed)
        {
            await PlanAsync(registration, session, ct);
        }
    }
}
