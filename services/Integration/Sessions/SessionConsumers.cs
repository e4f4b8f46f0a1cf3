using Conference.Contracts;
using Conference.Integration.Data;
using Conference.Integration.Webhooks;
using Conference.Messaging.Inbox;
using MassTransit;

namespace Conference.Integration.Sessions;

/// <summary>
/// <c>SessionPublished</c> → the session copy, marked published (<see cref="SessionCopy.PublishedAt"/>:
/// the session's other events wait for it), then <c>session.published</c> deliveries.
/// </summary>
internal sealed class SessionPublishedConsumer(IntegrationDbContext db, TimeProvider time, WebhookFanOut fanOut)
    : InboxConsumer<SessionPublished, IntegrationDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<SessionPublished> context)
    {
        var m = context.Message;
        var copy = await SessionCopies.ApplyAsync(Db, m.Session.SessionId, m.Session.Code, m.Session.Organisers, m.OccurredAt, context.CancellationToken);
        copy.MarkPublished(m.OccurredAt);
        await fanOut.StageAsync(m.EventId, EventKinds.SessionPublished, m.Session.SessionId, m.OccurredAt,
            _ => new SessionPublishedData(WebhookPayloads.Session(m.Session)), context.GetRetryAttempt(), context.CancellationToken);
    }
}

/// <summary>
/// <c>SessionUpdated</c> → the session copy (organisers may have changed), then <c>session.updated</c>;
/// consumed before the session's <c>SessionPublished</c>, it is retried whole (copy change included).
/// </summary>
internal sealed class SessionUpdatedConsumer(IntegrationDbContext db, TimeProvider time, WebhookFanOut fanOut)
    : InboxConsumer<SessionUpdated, IntegrationDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<SessionUpdated> context)
    {
        var m = context.Message;
        await SessionCopies.ApplyAsync(Db, m.Session.SessionId, m.Session.Code, m.Session.Organisers, m.OccurredAt, context.CancellationToken);
        await fanOut.StageAsync(m.EventId, EventKinds.SessionUpdated, m.Session.SessionId, m.OccurredAt,
            _ => new SessionUpdatedData(WebhookPayloads.Session(m.Session), m.ChangedFields), context.GetRetryAttempt(), context.CancellationToken);
    }
}

/// <summary><c>SessionRescheduled</c> → <c>session.rescheduled</c>.</summary>
internal sealed class SessionRescheduledConsumer(IntegrationDbContext db, TimeProvider time, WebhookFanOut fanOut)
    : InboxConsumer<SessionRescheduled, IntegrationDbContext>(db, time)
{
    protected override Task HandleAsync(ConsumeContext<SessionRescheduled> context)
    {
        var m = context.Message;
        return fanOut.StageAsync(m.EventId, EventKinds.SessionRescheduled, m.SessionId, m.OccurredAt,
            s => new SessionRescheduledData(m.SessionId, s.Code, m.StartsAt.UtcDateTime, m.EndsAt.UtcDateTime, m.ScheduleVersion), context.GetRetryAttempt(), context.CancellationToken);
    }
}

/// <summary><c>SessionCancelled</c> → <c>session.cancelled</c>.</summary>
internal sealed class SessionCancelledConsumer(IntegrationDbContext db, TimeProvider time, WebhookFanOut fanOut)
    : InboxConsumer<SessionCancelled, IntegrationDbContext>(db, time)
{
    protected override Task HandleAsync(ConsumeContext<SessionCancelled> context)
    {
        var m = context.Message;
        return fanOut.StageAsync(m.EventId, EventKinds.SessionCancelled, m.SessionId, m.OccurredAt,
            s => new SessionCancelledData(m.SessionId, s.Code, m.Reason), context.GetRetryAttempt(), context.CancellationToken);
    }
}

/// <summary><c>SessionTranslated</c> → <c>session.translated</c>.</summary>
internal sealed class SessionTranslatedConsumer(IntegrationDbContext db, TimeProvider time, WebhookFanOut fanOut)
    : InboxConsumer<SessionTranslated, IntegrationDbContext>(db, time)
{
    protected override Task HandleAsync(ConsumeContext<SessionTranslated> context)
    {
        var m = context.Message;
        return fanOut.StageAsync(m.EventId, EventKinds.SessionTranslated, m.SessionId, m.OccurredAt,
            s => new SessionTranslatedData(m.SessionId, s.Code, m.Language, m.Origin, m.Engine, m.Fields), context.GetRetryAttempt(), context.CancellationToken);
    }
}
