using Conference.Registration.Data;

namespace Conference.Registration.Idempotency;

/// <summary>Deletes idempotency records older than 24 hours, hourly.</summary>
internal sealed class IdempotencyPurge(IServiceScopeFactory scopes, TimeProvider time, ILogger<IdempotencyPurge> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<RegistrationDbContext>();
                await IdempotencyStore.PurgeAsync(db, time.GetUtcNow(), stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Purging idempotency records failed; next try in an hour");
            }
        }
    }
}
