using Conference.Notification.Data;
using Conference.Notification.Messages;
using Microsoft.EntityFrameworkCore;

namespace Conference.Notification.Operations;

/// <summary>Refreshes <see cref="NotificationMetrics.Mailbox"/> every 5 seconds (scrapes never query the database).</summary>
internal sealed class MailboxMonitor(IServiceScopeFactory scopes, NotificationMetrics metrics, TimeProvider time, ILogger<MailboxMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
                var pending = db.OutgoingMessages.Where(m => m.Status == DeliveryStatus.Pending);
                var pendingCount = await pending.LongCountAsync(stoppingToken);
                var oldest = pendingCount == 0 ? null : await pending.MinAsync(m => (DateTimeOffset?)m.CreatedAt, stoppingToken);
                var failed = await db.OutgoingMessages.LongCountAsync(m => m.Status == DeliveryStatus.Failed, stoppingToken);
                metrics.Mailbox = new MailboxSnapshot(pendingCount, failed, oldest);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogDebug(ex, "Reading the mailbox snapshot failed");
            }
            await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken);
        }
    }
}
