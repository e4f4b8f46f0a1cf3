using Conference.Integration.Data;
using Conference.Integration.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Conference.Integration.Webhooks;

/// <summary>
/// Turns one consumed event into webhook deliveries, inside the consumer's inbox transaction: the body
/// is written once (<see cref="WebhookEvent"/>), then one pending delivery per active or paused
/// subscription (a paused one's wait for its resumption) of a partner organising the session that asked
/// for this kind. A partner never gets an event of a session it does not organise.
/// </summary>
internal sealed class WebhookFanOut(IntegrationDbContext db, TimeProvider time, IOptions<WebhookOptions> options, ILogger<WebhookFanOut> logger)
{

    /// <summary>
    /// Stages the event. When its session is not known yet, throws (the message is retried, its
    /// <c>SessionPublished</c> being on the way) until <paramref name="retryAttempt"/> reaches
    /// <see cref="WebhookOptions.UnknownSessionRetries"/>; then the event is dropped with a warning: no partner can be
    /// told to have organised a session Integration never heard of.
    /// </summary>
    public async Task StageAsync<TData>(Guid eventId, string type, Guid sessionId, DateTimeOffset occurredAt, Func<SessionCopy, TData> data, int retryAttempt, CancellationToken ct)
    {
        var session = db.Sessions.Local.FirstOrDefault(s => s.Id == sessionId)
            ?? await db.Sessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null)
        {
            if (retryAttempt < options.Value.UnknownSessionRetries)
            {
                throw new SessionNotKnownYetException(sessionId);
            }
            logger.LogWarning("Event {Event} ({Type}) of unknown session {Session} dropped after {Retries} retries", eventId, type, sessionId, retryAttempt);
            return;
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
