using Conference.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Conference.Messaging.Observability;

/// <summary>
/// Refreshes <see cref="MessagingMetrics.Outbox"/> every 5 seconds (count, and oldest when any, of
/// the rows not yet dispatched; the partial index <c>ix_outbox_pending</c> keeps it small), so scrapes
/// never touch the database.
/// </summary>
internal sealed class OutboxMonitor<TContext>(IServiceScopeFactory scopes, MessagingMetrics metrics, TimeProvider time, ILogger<OutboxMonitor<TContext>> logger)
    : BackgroundService where TContext : DbContext
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TContext>();
                var waiting = db.Set<OutboxMessage>().Where(m => m.DispatchedAt == null);
                var count = await waiting.LongCountAsync(stoppingToken);
                var oldest = count == 0 ? null : await waiting.MinAsync(m => (DateTimeOffset?)m.OccurredAt, stoppingToken);
                metrics.Outbox = new OutboxSnapshot(count, oldest);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database is down or still migrating: keep the last snapshot; health shows the cause.
                logger.LogDebug(ex, "Reading the outbox snapshot failed");
            }
            await Task.Delay(Interval, time, stoppingToken);
        }
    }
}
