using Conference.Notification.Data;
using Conference.Notification.Messages;
using Conference.Notification.Registrations;
using Microsoft.EntityFrameworkCore;

namespace Conference.Notification.Reminders;

/// <summary>
/// Turns due reminders into outgoing messages: a batch of due rows is locked with
/// <c>FOR UPDATE SKIP LOCKED</c> (so replicas share the work and a restart loses nothing), each becomes
/// a message keyed (registration, kind, schedule version) and is deleted, in one transaction.
/// A reminder is skipped when the seat or the session is gone, or the session has started.
/// <see cref="Delivery.DeliveryWorkers"/> runs it.
/// </summary>
internal sealed class ReminderDispatcher(IServiceScopeFactory scopes, TimeProvider time)
{
    private const int BatchSize = 50;

    /// <summary>Handles one batch (at most 50) of due reminders; returns how many it took.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        var mailbox = scope.ServiceProvider.GetRequiredService<Mailbox>();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            var now = time.GetUtcNow();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var due = await db.Reminders
                .FromSql($"SELECT * FROM reminders WHERE due_at <= {now} ORDER BY due_at LIMIT {BatchSize} FOR UPDATE SKIP LOCKED")
                .ToListAsync(ct);
            foreach (var reminder in due)
            {
                var registration = await db.Registrations.FirstOrDefaultAsync(r => r.Id == reminder.RegistrationId, ct);
                var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == reminder.SessionId, ct);
                if (registration is { Status: RegistrationStatus.Confirmed } && session is { Cancelled: false } && session.StartsAt > now)
                {
                    await mailbox.EnqueueAsync(new MessageRequest(reminder.Kind, session.ScheduleVersion, session, registration, HeldSeat: true), ct);
                }
                db.Reminders.Remove(reminder);
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return due.Count;
        });
    }
}
