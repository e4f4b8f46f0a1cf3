using Conference.Registration.Data;
using Conference.Registration.Seats;
using Microsoft.EntityFrameworkCore;

namespace Conference.Registration.Operations;

/// <summary>Refreshes <see cref="RegistrationMetrics.Seats"/> every 5 seconds from the seat counters (scrapes never query the database).</summary>
internal sealed class SeatsMonitor(IServiceScopeFactory scopes, RegistrationMetrics metrics, TimeProvider time, ILogger<SeatsMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<RegistrationDbContext>();
                var now = time.GetUtcNow();
                metrics.Seats = await db.Seats.AsNoTracking()
                    .Where(s => s.Status == SeatStatus.Open && s.StartsAt > now)
                    .Select(s => new SessionSeatsSnapshot(s.SessionId, s.Capacity - s.Confirmed, s.Waitlisted))
                    .ToListAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogDebug(ex, "Reading the seat counters failed");
            }
            await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken);
        }
    }
}
