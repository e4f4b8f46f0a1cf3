using Conference.Integration.Audit;
using Conference.Integration.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Conference.Integration.Webhooks;

/// <summary>
/// Sends pending deliveries, at least once, one at a time per session per subscription: only the
/// oldest pending delivery (by <c>occurredAt</c>, then staging order) of each (subscription, session)
/// is due, so a failing one holds back the later ones of that session until it succeeds or is given
/// up. It orders only deliveries that exist: one staged after a later one was sent comes after it
/// (<see cref="WebhookFanOut"/> stages nothing of a session before its <c>session.published</c>). Due deliveries are claimed with
/// <c>FOR UPDATE SKIP LOCKED</c> and a short lease (several replicas share the work), POSTed
/// concurrently, and their outcome recorded: success → delivered; <c>410 Gone</c> → the subscription
/// ends; any other failure → retried with exponential back-off (<see cref="WebhookOptions"/>) until
/// three days have passed, and the subscription paused when its endpoint keeps failing.
/// </summary>
internal sealed class WebhookDeliverer(
    IServiceScopeFactory scopes,
    WebhookSignal signal,
    WebhookSender sender,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookDeliverer> logger) : BackgroundService
{
    private const int BatchSize = 32;
    private WebhookOptions O => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await DeliverDueAsync(stoppingToken) == 0)
                {
                    await signal.WaitAsync(O.Poll, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Webhook delivery round failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    /// <summary>Claims the deliveries due now and sends them; returns how many it sent.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        var claimed = await ClaimAsync(ct);
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, O.Concurrency), CancellationToken = ct }, AttemptAsync);
        return claimed.Count;
    }

    private async Task<List<Guid>> ClaimAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IntegrationDbContext>();
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var now = time.GetUtcNow();
            var due = await db.Deliveries.FromSql($"""
                SELECT d.* FROM webhook_deliveries d
                JOIN webhook_subscriptions s ON s.id = d.subscription_id
                WHERE d.status = 'pending' AND s.status = 'active'
                  AND d.next_attempt_at <= {now} AND (d.leased_until IS NULL OR d.leased_until < {now})
                  AND NOT EXISTS (
                    SELECT 1 FROM webhook_deliveries e
                    WHERE e.subscription_id = d.subscription_id AND e.session_id = d.session_id AND e.status = 'pending'
                      AND (e.occurred_at, e.sequence) < (d.occurred_at, d.sequence))
                ORDER BY d.next_attempt_at, d.sequence
                LIMIT {BatchSize}
                FOR UPDATE OF d SKIP LOCKED
                """).ToListAsync(ct);
            foreach (var delivery in due)
            {
                delivery.LeasedUntil = now + O.Lease;
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return due.Select(d => d.Id).ToList();
        });
    }

    private async ValueTask AttemptAsync(Guid deliveryId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IntegrationDbContext>();
        var delivery = await db.Deliveries.AsNoTracking().SingleAsync(d => d.Id == deliveryId, ct);
        var subscription = await db.Subscriptions.AsNoTracking().SingleAsync(s => s.Id == delivery.SubscriptionId, ct);
        if (delivery.Status != DeliveryStatus.Pending || subscription.Status != SubscriptionStatus.Active)
        {
            // Deleted, ended or paused since it was claimed: nothing is sent; a paused one's delivery waits.
            await db.Deliveries.Where(d => d.Id == deliveryId).ExecuteUpdateAsync(s => s.SetProperty(d => d.LeasedUntil, (DateTimeOffset?)null), ct);
            return;
        }
        var body = await db.Events.AsNoTracking().Where(e => e.Id == delivery.EventId).Select(e => e.Body).SingleAsync(ct);

        var at = time.GetUtcNow();
        var outcome = await sender.SendAsync(subscription.Url, delivery.EventId, body, subscription.Secret, at, ct);
        if (!outcome.Succeeded)
        {
            logger.LogInformation("Webhook delivery {Delivery} of event {Event} to subscription {Subscription} failed: {Error}",
                deliveryId, delivery.EventId, subscription.Id, outcome.Error);
        }
        await RecordAsync(db, deliveryId, outcome, at, ct);
    }

    private Task RecordAsync(IntegrationDbContext db, Guid deliveryId, DeliveryOutcome outcome, DateTimeOffset at, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var delivery = await db.Deliveries.SingleAsync(d => d.Id == deliveryId, ct);
            // The subscription row is locked: concurrent outcomes of one subscription count failures one by one.
            var subscription = await db.Subscriptions
                .FromSql($"SELECT * FROM webhook_subscriptions WHERE id = {delivery.SubscriptionId} FOR UPDATE").SingleAsync(ct);
            var now = time.GetUtcNow();
            delivery.Attempts++;
            delivery.LastAttemptAt = at;
            delivery.LastStatusCode = outcome.StatusCode;
            delivery.LastError = outcome.Error;
            delivery.LastDurationMs = outcome.DurationMs;
            delivery.LeasedUntil = null;

            if (outcome.Succeeded)
            {
                delivery.Status = DeliveryStatus.Delivered;
                delivery.DeliveredAt = now;
                subscription.ConsecutiveFailures = 0;
                subscription.FailingSince = null;
            }
            else if (outcome.Gone)
            {
                delivery.Status = DeliveryStatus.Failed;
                if (subscription.Status is SubscriptionStatus.Active or SubscriptionStatus.Paused)
                {
                    var before = new { status = subscription.Status };
                    subscription.Status = SubscriptionStatus.Ended;
                    subscription.EndedAt = now;
                    AuditTrail.Append(db, null, subscription.Organiser, AuditActions.System, AuditActions.WebhookEnded, before,
                        new { status = subscription.Status, subscriptionId = subscription.Id, reason = "The endpoint answered 410 Gone." }, now);
                }
                await db.SaveChangesAsync(ct);
                await db.Deliveries.Where(d => d.SubscriptionId == subscription.Id && d.Status == DeliveryStatus.Pending)
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Cancelled), ct);
            }
            else
            {
                subscription.ConsecutiveFailures++;
                subscription.FailingSince ??= at;
                if (now - delivery.CreatedAt >= O.RetryFor)
                {
                    delivery.Status = DeliveryStatus.Failed;
                }
                else
                {
                    delivery.NextAttemptAt = now + O.Backoff(delivery.Attempts);
                }
                if (subscription.Status == SubscriptionStatus.Active
                    && (subscription.ConsecutiveFailures >= O.PauseAfterFailures || now - subscription.FailingSince >= O.PauseAfter))
                {
                    subscription.Status = SubscriptionStatus.Paused;
                    subscription.PausedAt = now;
                    subscription.PausedReason = $"{subscription.ConsecutiveFailures} failed attempts in a row since {subscription.FailingSince:u}; last: {outcome.Error}";
                    if (subscription.PausedReason.Length > 500)
                    {
                        subscription.PausedReason = subscription.PausedReason[..500];
                    }
                    AuditTrail.Append(db, null, subscription.Organiser, AuditActions.System, AuditActions.WebhookPaused,
                        new { status = SubscriptionStatus.Active },
                        new { status = subscription.Status, subscriptionId = subscription.Id, reason = subscription.PausedReason }, now);
                }
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
}
