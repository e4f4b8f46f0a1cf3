using Conference.Contracts;
using Conference.Messaging.Inbox;
using Conference.Notification.Data;
using Conference.Notification.Messages;
using Conference.Notification.Reminders;
using Conference.Notification.Sessions;
using MassTransit;

namespace Conference.Notification.Registrations;

/// <summary>
/// Applies a registration event to the local registration, in the inbox transaction: the session copy
/// must exist (else <see cref="Conference.Messaging.Inbox.ArrivedTooEarlyException"/>: retried later), and an event older than
/// the last one applied to this registration (events race on separate queues) changes nothing.
/// </summary>
internal sealed class RegistrationUpdates(NotificationDbContext db)
{
    /// <summary>The session (share-locked) and the registration as this event leaves it; null when the event is stale.</summary>
    public async Task<(SessionCopy Session, AttendeeRegistration Registration)?> ApplyAsync(
        Attendee attendee, DateTimeOffset occurredAt, string status, int? waitlistPosition, CancellationToken ct)
    {
        var session = await db.ForShareAsync(attendee.SessionId, ct);
        var registration = await db.Registrations.FindAsync([attendee.RegistrationId], ct);
        if (registration is null)
        {
            registration = new AttendeeRegistration
            {
                Id = attendee.RegistrationId,
                SessionId = attendee.SessionId,
                Name = attendee.Name,
                Email = attendee.Email,
                Language = attendee.Language,
                TimeZone = attendee.TimeZone,
                ManageToken = attendee.ManageToken,
                Status = status,
            };
            db.Registrations.Add(registration);
        }
        else if (occurredAt < registration.LastEventAt || registration.Status == RegistrationStatus.Cancelled)
        {
            return null;
        }
        registration.Name = attendee.Name;
        registration.Email = attendee.Email;
        registration.Language = attendee.Language;
        registration.TimeZone = attendee.TimeZone;
        if (!string.IsNullOrEmpty(attendee.ManageToken))
        {
            // Later events carry no token (Registration keeps only its hash): keep the first one.
            registration.ManageToken = attendee.ManageToken;
        }
        registration.Status = status;
        registration.WaitlistPosition = waitlistPosition;
        registration.LastEventAt = occurredAt;
        return (session, registration);
    }
}

/// <summary>A seat was given: confirmation with the invitation and join link; reminders scheduled.</summary>
internal sealed class RegistrationConfirmedConsumer(NotificationDbContext db, TimeProvider time, RegistrationUpdates updates, Mailbox mailbox, ReminderPlanner reminders)
    : InboxConsumer<RegistrationConfirmed, NotificationDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<RegistrationConfirmed> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        if (await updates.ApplyAsync(m.Attendee, m.OccurredAt, RegistrationStatus.Confirmed, null, ct) is not var (session, registration) || session.Cancelled)
        {
            return;
        }
        await mailbox.EnqueueAsync(new MessageRequest(MessageKind.Confirmed, 0, session, registration, HeldSeat: true), ct);
        await reminders.PlanAsync(registration, session, ct);
    }
}

/// <summary>The session was full: a message with the place on the waiting list (no invitation).</summary>
internal sealed class RegistrationWaitlistedConsumer(NotificationDbContext db, TimeProvider time, RegistrationUpdates updates, Mailbox mailbox)
    : InboxConsumer<RegistrationWaitlisted, NotificationDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<RegistrationWaitlisted> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        if (await updates.ApplyAsync(m.Attendee, m.OccurredAt, RegistrationStatus.Waitlisted, m.Position, ct) is not var (session, registration) || session.Cancelled)
        {
            return;
        }
        await mailbox.EnqueueAsync(new MessageRequest(MessageKind.Waitlisted, 0, session, registration, HeldSeat: false, WaitlistPosition: m.Position), ct);
    }
}

/// <summary>A waitlisted attendee got a seat: message with the invitation and join link; reminders scheduled.</summary>
internal sealed class RegistrationPromotedConsumer(NotificationDbContext db, TimeProvider time, RegistrationUpdates updates, Mailbox mailbox, ReminderPlanner reminders)
    : InboxConsumer<RegistrationPromoted, NotificationDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<RegistrationPromoted> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        if (await updates.ApplyAsync(m.Attendee, m.OccurredAt, RegistrationStatus.Confirmed, null, ct) is not var (session, registration) || session.Cancelled)
        {
            return;
        }
        await mailbox.EnqueueAsync(new MessageRequest(MessageKind.Promoted, 0, session, registration, HeldSeat: true), ct);
        await reminders.PlanAsync(registration, session, ct);
    }
}

/// <summary>
/// A registration ended: reminders dropped and one message by reason — "attendee" (cancelled by the
/// attendee), "organiser" (removed by an organiser), "session-cancelled" (same key as the message
/// <see cref="SessionCancelledConsumer"/> writes, so the attendee hears it once). An iCalendar CANCEL
/// goes along when the attendee held a seat.
/// </summary>
internal sealed class RegistrationCancelledConsumer(NotificationDbContext db, TimeProvider time, RegistrationUpdates updates, Mailbox mailbox, ReminderPlanner reminders)
    : InboxConsumer<RegistrationCancelled, NotificationDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<RegistrationCancelled> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        if (await updates.ApplyAsync(m.Attendee, m.OccurredAt, RegistrationStatus.Cancelled, null, ct) is not var (session, registration))
        {
            return;
        }
        await reminders.DropAsync(registration.Id, ct);
        var kind = m.Reason switch
        {
            "organiser" => MessageKind.RemovedByOrganiser,
            "session-cancelled" => MessageKind.SessionCancelled,
            _ => MessageKind.CancelledByAttendee,
        };
        await mailbox.EnqueueAsync(new MessageRequest(kind, 0, session, registration, HeldSeat: m.HeldSeat, Reason: session.CancelReason), ct);
    }
}
