using Conference.Contracts;
using Conference.Integration.Data;
using Conference.Integration.Webhooks;
using Conference.Messaging.Inbox;
using MassTransit;

namespace Conference.Integration.Sessions;

/// <summary><c>RegistrationConfirmed</c> → <c>registration.confirmed</c>.</summary>
internal sealed class RegistrationConfirmedConsumer(IntegrationDbContext db, TimeProvider time, WebhookFanOut fanOut)
    : InboxConsumer<RegistrationConfirmed, IntegrationDbContext>(db, time)
{
    protected override Task HandleAsync(ConsumeContext<RegistrationConfirmed> context)
    {
        var m = context.Message;
        return fanOut.StageAsync(m.EventId, EventKinds.RegistrationConfirmed, m.Attendee.SessionId, m.OccurredAt,
            s => new RegistrationData(m.Attendee.SessionId, s.Code, WebhookPayloads.Registration(m.Attendee, "confirmed")), context.GetRetryAttempt(), context.CancellationToken);
    }
}

/// <summary><c>RegistrationWaitlisted</c> → <c>registration.waitlisted</c> (with the waiting-list position).</summary>
internal sealed class RegistrationWaitlistedConsumer(IntegrationDbContext db, TimeProvider time, WebhookFanOut fanOut)
    : InboxConsumer<RegistrationWaitlisted, IntegrationDbContext>(db, time)
{
    protected override Task HandleAsync(ConsumeContext<RegistrationWaitlisted> context)
    {
        var m = context.Message;
        return fanOut.StageAsync(m.EventId, EventKinds.RegistrationWaitlisted, m.Attendee.SessionId, m.OccurredAt,
            s => new RegistrationData(m.Attendee.SessionId, s.Code, WebhookPayloads.Registration(m.Attendee, "waitlisted", position: m.Position)), context.GetRetryAttempt(), context.CancellationToken);
    }
}

/// <summary><c>RegistrationPromoted</c> → <c>registration.promoted</c> (status confirmed).</summary>
internal sealed class RegistrationPromotedConsumer(IntegrationDbContext db, TimeProvider time, WebhookFanOut fanOut)
    : InboxConsumer<RegistrationPromoted, IntegrationDbContext>(db, time)
{
    protected override Task HandleAsync(ConsumeContext<RegistrationPromoted> context)
    {
        var m = context.Message;
        return fanOut.StageAsync(m.EventId, EventKinds.RegistrationPromoted, m.Attendee.SessionId, m.OccurredAt,
            s => new RegistrationData(m.Attendee.SessionId, s.Code, WebhookPayloads.Registration(m.Attendee, "confirmed")), context.GetRetryAttempt(), context.CancellationToken);
    }
}

/// <summary><c>RegistrationCancelled</c> → <c>registration.cancelled</c> (with the reason and whether it held a seat).</summary>
internal sealed class RegistrationCancelledConsumer(IntegrationDbContext db, TimeProvider time, WebhookFanOut fanOut)
    : InboxConsumer<RegistrationCancelled, IntegrationDbContext>(db, time)
{
    protected override Task HandleAsync(ConsumeContext<RegistrationCancelled> context)
    {
        var m = context.Message;
        return fanOut.StageAsync(m.EventId, EventKinds.RegistrationCancelled, m.Attendee.SessionId, m.OccurredAt,
            s => new RegistrationData(m.Attendee.SessionId, s.Code, WebhookPayloads.Registration(m.Attendee, "cancelled", reason: m.Reason, heldSeat: m.HeldSeat)), context.GetRetryAttempt(), context.CancellationToken);
    }
}
