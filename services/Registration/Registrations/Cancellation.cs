using Conference.Contracts;
using Conference.Messaging.Outbox;
using Conference.Registration.Data;
using Conference.Registration.Seats;
using Microsoft.EntityFrameworkCore;

namespace Conference.Registration.Registrations;

/// <summary>
/// Ends one registration (by the attendee or an organiser): in one transaction, with the session's
/// counter row locked, the registration is cancelled, its seat or waiting-list place is freed, and
/// every free seat goes to the first on the waiting list (<see cref="SeatLedger.PromoteAsync"/>).
/// Events: <see cref="RegistrationCancelled"/>, then one <see cref="RegistrationPromoted"/> per promotion.
/// </summary>
internal static class Cancellation
{
    /// <summary>
    /// Cancels registration <paramref name="registrationId"/> (which must exist). Returns false when it was
    /// already cancelled (nothing changes).
    /// </summary>
    public static Task<bool> CancelAsync(RegistrationDbContext db, Guid registrationId, string reason, TimeProvider time, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            var now = time.GetUtcNow();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var sessionId = await db.Registrations.Where(r => r.Id == registrationId).Select(r => r.SessionId).SingleAsync(ct);
            var seats = await SeatLedger.LockAsync(db, sessionId, ct);
            // Registrations of a session change only under its counter lock: this read is current.
            var registration = await db.Registrations.SingleAsync(r => r.Id == registrationId, ct);
            if (registration.Status == RegistrationStatus.Cancelled)
            {
                return false;
            }

            var heldSeat = registration.Status == RegistrationStatus.Confirmed;
            if (seats is not null)
            {
                if (heldSeat)
                {
                    seats.Confirmed--;
                }
                else
                {
                    seats.Waitlisted--;
                }
                seats.UpdatedAt = now;
            }
            registration.Status = RegistrationStatus.Cancelled;
            registration.CancelledAt = now;
            registration.CancelReason = reason;
            db.AddEvent(new RegistrationCancelled(OutboxExtensions.NewEventId(), now, registration.ToAttendee(), reason, heldSeat));
            if (seats is not null && seats.StartsAt > now)
            {
                await SeatLedger.PromoteAsync(db, seats, now, ct);
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return true;
        });
}
