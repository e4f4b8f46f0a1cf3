using Conference.Translation.Data;
using Conference.Translation.Engines;
using Microsoft.EntityFrameworkCore;

namespace Conference.Translation.Operations;

/// <summary>Refreshes <see cref="TranslationMetrics.Pending"/> every 5 seconds (scrapes never query the database).</summary>
internal sealed class TranslationJobsMonitor(IServiceScopeFactory scopes, TranslationMetrics metrics, TimeProvider time, ILogger<TranslationJobsMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TranslationDbContext>();
                var engine = scope.ServiceProvider.GetRequiredService<ITranslationEngine>().Name;
                var pending = db.Jobs.Where(j => j.Pending);
                var count = await pending.LongCountAsync(stoppingToken);
                DateTimeOffset? oldest = count == 0 ? null : await pending.MinAsync(j => j.RequestedAt ?? j.NextAttemptAt, stoppingToken);
                metrics.Pending = new PendingSnapshot(engine, count, oldest);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogDebug(ex, "Reading the translation jobs failed");
            }
            await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken);
        }
    }
}
