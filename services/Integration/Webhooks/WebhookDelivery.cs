namespace Conference.Integration.Webhooks;

/// <summary>Statuses of a delivery: pending (waiting or retrying) → delivered / failed (gave up) / cancelled (subscription gone).</summary>
internal static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}

/// <summary>
/// One event to one subscription (table <c>webhook_deliveries</c>, the delivery log): written in the
/// transaction that consumed the event, then POSTed by <see cref="WebhookDeliverer"/>, in order per
/// session per subscription (<see cref="OccurredAt"/>, then <see cref="Sequence"/>).
/// </summary>
internal sealed class WebhookDelivery
{
    public Guid Id { get; set; }

    /// <summary>Insertion order (identity), the tie-breaker of the delivery order.</summary>
    public long Sequence { get; set; }
    public Guid SubscriptionId { get; set; }
    public Guid EventId { get; set; }
    public required string EventType { get; set; }
    public Guid SessionId { get; set; }
    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>A replay asked for by the partner (a second delivery of a past event).</summary>
    public bool Replay { get; set; }
    public string Status { get; set; } = DeliveryStatus.Pending;
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Claimed by a deliverer until then (several replicas share the work).</summary>
    public DateTimeOffset? LeasedUntil { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }

    /// <summary>HTTP status of the last answer; null when none came (refused, timed out, blocked).</summary>
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }

    /// <summary>Duration of the last attempt in milliseconds.</summary>
    public int? LastDurationMs { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
}
