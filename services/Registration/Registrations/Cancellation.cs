using System.Security.Claims;
using Conference.Contracts;
using Conference.Messaging.Audit;
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
    /// already cancelled (nothing changes). <paramref name="organiser"/>: the partner removing the attendee,
    /// recorded in the audit trail (by registration id only: no name or email in the permanent record).
    /// </summary>
    public static Task<bool> CancelAsync(RegistrationDbContext db, Guid registrationId, string reason, TimeProvider time, CancellationToken ct, ClaimsPrincipal? organiser = null) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var sessionId = await db.Registrations.Where(r => r.Id == registrationId).Select(r => r.SessionId).SingleAsync(ct);
            var seats = await SeatLedger.LockAsync(db, sessionId, ct);
            // The clock is read under the session's lock: events of one session are stamped in the
            // order they commit, which is how Notification and partners order them (an event stamped
            // before waiting for the lock could carry an earlier time than the promotion committed
            // before it, and be dropped as stale).
            var now = time.GetUtcNow();
            // Registrations of a session change only under its counter lock: this read is current.
            var registration = await db.Registrations.SingleAsync(r => r.Id == registrationId, ct);
            if (registration.Status == RegistrationStatus.Cancelled)
            {
                return false;
            }

            var heldSeat = registration.Status == RegistrationStatus.Confirmed;
            var previousStatus = registration.Status;
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
            if (organiser is not null)
            {
                db.AddPartnerAction(organiser, "remove-attendee", sessionId,
                    new Dictionary<string, object?> { ["registration"] = new { id = registrationId, status = previousStatus } },
                    new Dictionary<string, object?> { ["registration"] = new { id = registrationId, status = registration.Status, cancelReason = reason } },
                    seats?.Organisers, now);
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return true;
        });
}
