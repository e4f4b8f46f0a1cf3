using System.Diagnostics.Metrics;

namespace Conference.Messaging.Observability;

/// <summary>
/// Meter <c>Conference.Messaging</c> (one per service process; the dashboard shows it per resource):
/// <list type="bullet">
/// <item><c>conference.outbox.published</c> (counter, {message}, tag <c>message.type</c>): events handed to RabbitMQ.</item>
/// <item><c>conference.outbox.publish_failures</c> (counter, {message}, tag <c>message.type</c>): publication attempts that failed (the row waits and is retried).</item>
/// <item><c>conference.outbox.pending</c> (gauge, {message}): rows not yet published.</item>
/// <item><c>conference.outbox.oldest_age</c> (gauge, s): age of the oldest row not yet published (0 when none).</item>
/// <item><c>conference.messaging.purged</c> (counter, {row}, tag <c>table</c>: outbox or inbox): old rows deleted by <see cref="MessagingHousekeeping{TContext}"/>.</item>
/// </list>
/// The gauges read a snapshot <see cref="OutboxMonitor{TContext}"/> refreshes every 5 seconds, not the database per scrape.
/// </summary>
public sealed class MessagingMetrics
{
    /// <summary>Meter name.</summary>
    public const string MeterName = "Conference.Messaging";

    private readonly Counter<long> _published;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _purged;
    private OutboxSnapshot _snapshot = new(0, null);

    public MessagingMetrics(IMeterFactory meters, TimeProvider time)
    {
        var meter = meters.Create(MeterName);
        _published = meter.CreateCounter<long>("conference.outbox.published", "{message}", "Events the outbox handed to RabbitMQ");
        _failed = meter.CreateCounter<long>("conference.outbox.publish_failures", "{message}", "Failed attempts to publish an outbox row (it is retried)");
        _purged = meter.CreateCounter<long>("conference.messaging.purged", "{row}", "Dispatched outbox rows and inbox records deleted after the retention period");
        meter.CreateObservableGauge("conference.outbox.pending", () => _snapshot.Pending, "{message}", "Outbox rows waiting to be published");
        meter.CreateObservableGauge("conference.outbox.oldest_age",
            () => _snapshot.Oldest is { } oldest ? Math.Max(0, (time.GetUtcNow() - oldest).TotalSeconds) : 0,
            "s", "Age of the oldest outbox row waiting to be published");
    }

    /// <summary>The latest outbox snapshot (rows waiting, oldest occurred-at).</summary>
    public OutboxSnapshot Outbox { get => _snapshot; set => _snapshot = value; }

    internal void Published(string messageType) => _published.Add(1, new KeyValuePair<string, object?>("message.type", ShortName(messageType)));

    internal void PublishFailed(string messageType) => _failed.Add(1, new KeyValuePair<string, object?>("message.type", ShortName(messageType)));

    internal void Purged(long outbox, long inbox)
    {
        _purged.Add(outbox, new KeyValuePair<string, object?>("table", "outbox"));
        _purged.Add(inbox, new KeyValuePair<string, object?>("table", "inbox"));
    }

    private static string ShortName(string type) => type[(type.LastIndexOf('.') + 1)..];
}

/// <summary>Outbox rows waiting to be published and the occurred-at of the oldest (null when none).</summary>
public sealed record OutboxSnapshot(long Pending, DateTimeOffset? Oldest);
