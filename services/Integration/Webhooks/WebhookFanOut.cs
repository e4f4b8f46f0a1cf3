using Conference.Integration.Data;
using Conference.Integration.Sessions;
using Conference.Messaging.Inbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Conference.Integration.Webhooks;

/// <summary>
/// Turns one consumed event into webhook deliveries, inside the consumer's inbox transaction: the body
/// is written once (<see cref="WebhookEvent"/>), then one pending delivery per active or paused
/// subscription (a paused one's wait for its resumption) of a partner organising the session that asked
/// for this kind. A partner never gets an event of a session it does not organise. Events arrive on
/// separate queues; what a partner sees in order comes from two rules together: nothing but
/// <c>session.published</c> is staged before the session's publication is (see <see cref="StageAsync"/>),
/// and <see cref="WebhookDeliverer"/> sends a subscription's deliveries of one session one at a time,
/// oldest <c>occurredAt</c> first among those pending.
/// </summary>
internal sealed class WebhookFanOut(IntegrationDbContext db, TimeProvider time, IOptions<WebhookOptions> options, ILogger<WebhookFanOut> logger)
{
    /// <summary>
    /// Stages the event. Every kind but <c>session.published</c> (the session's other events, and
    /// <c>registration.*</c>, which Registration only emits for a published session) waits for the
    /// session's publication: while the session is not known yet, or its copy (made from a draft's
    /// <c>PartnerActionRecorded</c>) has no <see cref="SessionCopy.PublishedAt"/>, it throws
    /// <see cref="ArrivedTooEarlyException"/> (the message is retried with the bus's back-off, its
    /// <c>SessionPublished</c> being on the way on another queue), so that the session's
    /// <c>session.published</c> delivery exists before any later one and the deliverer's order per
    /// subscription and session puts it first. When <paramref name="retryAttempt"/> reaches
    /// <see cref="WebhookOptions.UnknownSessionRetries"/>: an unknown session's event is dropped with a
    /// warning (no partner can be told to have organised a session Integration never heard of); a known
    /// session's is staged anyway with a warning (better late than never; its <c>session.published</c>,
    /// should it still come, then arrives after it), and the publication is taken as given so the
    /// session's later events do not each wait again.
    /// </summary>
    public async Task StageAsync<TData>(Guid eventId, string type, Guid sessionId, DateTimeOffset occurredAt, Func<SessionCopy, TData> data, int retryAttempt, CancellationToken ct)
    {
        var session = db.Sessions.Local.FirstOrDefault(s => s.Id == sessionId)
            ?? await db.Sessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null || (session.PublishedAt is null && type != EventKinds.SessionPublished))
        {
            if (retryAttempt < options.Value.UnknownSessionRetries)
            {
                throw ArrivedTooEarlyException.SessionNotKnownYet("Integration", sessionId,
                    session is null ? "its organisers are known" : "its SessionPublished is applied");
            }
            if (session is null)
            {
                logger.LogWarning("Event {Event} ({Type}) of unknown session {Session} dropped after {Retries} retries", eventId, type, sessionId, retryAttempt);
                return;
            }
            logger.LogWarning("Event {Event} ({Type}) of session {Session} staged after {Retries} retries without its publication; session.published, if it comes, will follow it",
                eventId, type, sessionId, retryAttempt);
            session.MarkPublished(occurredAt);
        }
        var body = WebhookPayloads.Body(eventId, type, occurredAt, data(session));
        db.Events.Add(new WebhookEvent { Id = eventId, Type = type, SessionId = sessionId, OccurredAt = occurredAt, Body = body });

        var organisers = session.Organisers;
        var subscriptions = await db.Subscriptions.AsNoTracking()
            .Where(s => (s.Status == SubscriptionStatus.Active || s.Status == SubscriptionStatus.Paused) && s.Events.Contains(type) && organisers.Contains(s.Organiser))
            .Select(s => s.Id)
            .ToListAsync(ct);
        var now = time.GetUtcNow();
        foreach (var subscription in subscriptions)
        {
            db.Deliveries.Add(NewDelivery(subscription, eventId, type, sessionId, occurredAt, now, replay: false));
        }
    }

    public static WebhookDelivery NewDelivery(Guid subscription, Guid eventId, string type, Guid sessionId, DateTimeOffset occurredAt, DateTimeOffset now, bool replay) => new()
    {
        Id = Guid.CreateVersion7(now),
        SubscriptionId = subscription,
        EventId = eventId,
        EventType = type,
        SessionId = sessionId,
        OccurredAt = occurredAt,
        Replay = replay,
        CreatedAt = now,
        NextAttemptAt = now,
    };
}
