using Conference.Messaging;
using Conference.Notification.Data;
using Conference.Notification.Delivery;
using Conference.Notification.Messages;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Conference.Notification.Operations;

/// <summary>
/// What ops staff see and do for Notification: its metrics (<see cref="NotificationMetrics"/>), the
/// SMTP readiness check, and the ops actions <c>POST /ops/outbox/relay</c> and
/// <c>POST /ops/messages/resend-failed</c> (both behind the ops key; docs: operations.md).
/// </summary>
internal static class NotificationOperations
{
    /// <summary>Metrics, the mailbox monitor and the <c>smtp</c> readiness check.</summary>
    public static IHostApplicationBuilder AddNotificationOperations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<NotificationMetrics>();
        builder.Services.AddHostedService<MailboxMonitor>();
        builder.Services.AddSingleton<SmtpHealthCheck>();
        builder.Services.AddHealthChecks().AddCheck<SmtpHealthCheck>("smtp", tags: ["ready"]);
        return builder;
    }

    /// <summary>The ops endpoints (<c>/ops/...</c>, ops key required).</summary>
    public static WebApplication MapNotificationOperations(this WebApplication app)
    {
        var ops = app.MapOps().MapOutboxRelay();
        ops.MapPost("/messages/resend-failed", ResendFailed)
            .WithName("ResendFailedMessages").WithSummary("Ops: put every failed email back in the queue, to be sent now");
        return app;
    }

    /// <summary>
    /// Every message marked failed goes back to pending with its attempts reset and is due now (the
    /// sender is woken at once). 200 <see cref="OpsResult"/> with the number of messages.
    /// Use once the cause is fixed (SMTP server back, credentials corrected).
    /// </summary>
    public static async Task<Ok<OpsResult>> ResendFailed(NotificationDbContext db, MailSignal signal, TimeProvider time, ILogger<NotificationMetrics> logger, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var count = await db.OutgoingMessages.Where(m => m.Status == DeliveryStatus.Failed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, DeliveryStatus.Pending)
                .SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptAt, now), ct);
        signal.Notify(); // an update outside SaveChanges: the commit interceptor does not see it
        logger.LogWarning("Ops: {Count} failed messages queued again", count);
        return TypedResults.Ok(new OpsResult("resend-failed-messages", count));
    }
}
