using Conference.Messaging.Observability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Conference.Messaging;

/// <summary>
/// Keeps a service's <c>outbox_messages</c> and <c>inbox_messages</c> from growing without end:
/// every <c>Messaging:HousekeepingIntervalMinutes</c> (default 60, first run 1 minute after start)
/// it deletes outbox rows dispatched and inbox records processed more than
/// <c>Messaging:RetentionDays</c> ago (default 7), in batches of <see cref="BatchSize"/> so no
/// statement holds locks for long. Rows waiting to be dispatched are never deleted.
/// <para>
/// Why 7 days: an inbox record only has to outlive any redelivery of its message — RabbitMQ
/// redelivers an unacknowledged message within minutes, and an outbox row is published again only
/// until its confirm was recorded — so a week leaves a wide margin while keeping the tables at a
/// few days of traffic (a hot forum writes ~4 outbox rows and ~10 inbox records per registration
/// across the services). Dispatched outbox rows kept a week also let ops trace what was published.
/// </para>
/// <para>
/// Both keys are UUID v7 (the outbox row id is the event id and the message id, see
/// <see cref="Outbox.OutboxExtensions.NewEventId"/>), which sort by creation time: the deletes walk
/// the primary key up to the UUID v7 of the cut-off instant (<see cref="UuidV7Floor"/>) and then check
/// the dispatch or processing time, so they need no index of their own. A message id that is not
/// a UUID v7 (none of ours) may be kept longer, never deleted early.
/// </para>
/// </summary>
public sealed class MessagingHousekeeping<TContext>(
    IServiceScopeFactory scopes,
    IConfiguration configuration,
    TimeProvider time,
    MessagingMetrics metrics,
    ILogger<MessagingHousekeeping<TContext>> logger) : BackgroundService where TContext : DbContext
{
    /// <summary>Rows one DELETE statement removes at most.</summary>
    public const int BatchSize = 5000;

    /// <summary>Retention in days (<c>Messaging:RetentionDays</c>, default 7, at least 1).</summary>
    public TimeSpan Retention => TimeSpan.FromDays(Math.Max(1, configuration.GetValue("Messaging:RetentionDays", 7)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMinutes(Math.Max(1, configuration.GetValue("Messaging:HousekeepingIntervalMinutes", 60)));
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(1), time, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await PurgeAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // PostgreSQL away or busy: nothing is lost by waiting, the next run catches up.
                    logger.LogWarning(ex, "Messaging housekeeping of {Context} failed; next try in {Interval}", typeof(TContext).Name, interval);
                }
                await Task.Delay(interval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Deletes what is older than <see cref="Retention"/> now; returns the outbox rows and inbox
    /// records deleted. Tests and the hourly loop call it.
    /// </summary>
    public async Task<(long Outbox, long Inbox)> PurgeAsync(CancellationToken ct)
    {
        var cutoff = time.GetUtcNow() - Retention;
        var floor = UuidV7Floor(cutoff);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        long outbox = 0, inbox = 0;
        int deleted;
        do
        {
            deleted = await db.Database.ExecuteSqlAsync($"""
                DELETE FROM outbox_messages WHERE id IN (
                    SELECT id FROM outbox_messages
                    WHERE id < {floor} AND dispatched_at IS NOT NULL AND dispatched_at < {cutoff}
                    LIMIT {BatchSize})
                """, ct);
            outbox += deleted;
        }
        while (deleted == BatchSize);
        do
        {
            deleted = await db.Database.ExecuteSqlAsync($"""
                DELETE FROM inbox_messages WHERE (message_id, consumer) IN (
                    SELECT message_id, consumer FROM inbox_messages
                    WHERE message_id < {floor} AND processed_at < {cutoff}
                    LIMIT {BatchSize})
                """, ct);
            inbox += deleted;
        }
        while (deleted == BatchSize);
        metrics.Purged(outbox, inbox);
        if (outbox + inbox > 0)
        {
            logger.LogInformation("Messaging housekeeping deleted {Outbox} dispatched outbox rows and {Inbox} inbox records older than {Cutoff:u}", outbox, inbox, cutoff);
        }
        return (outbox, inbox);
    }

    /// <summary>
    /// The smallest UUID v7 of the millisecond <paramref name="instant"/> (RFC 9562 §5.7: the first
    /// 48 bits are the Unix time in milliseconds, big-endian; PostgreSQL compares uuids byte by byte),
    /// so every UUID v7 made before it sorts below it.
    /// </summary>
    public static Guid UuidV7Floor(DateTimeOffset instant)
    {
        var hex = instant.ToUnixTimeMilliseconds().ToString("x12", System.Globalization.CultureInfo.InvariantCulture);
        return Guid.Parse($"{hex[..8]}-{hex[8..12]}-7000-8000-000000000000");
    }
}
