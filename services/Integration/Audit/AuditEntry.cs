namespace Conference.Integration.Audit;

/// <summary>
/// One partner action (table <c>audit_entries</c>, append-only: a database trigger refuses UPDATE,
/// DELETE and TRUNCATE). <see cref="Before"/>/<see cref="After"/> are JSON objects of the changed values.
/// Entries without a session are a partner's webhook changes and what the platform did to its
/// subscriptions (<c>webhook-paused</c>, <c>webhook-ended</c>, by client <c>system</c>).
/// </summary>
internal sealed class AuditEntry
{
    /// <summary>Insertion order (identity).</summary>
    public long Sequence { get; set; }
    public Guid EventId { get; set; }
    public Guid? SessionId { get; set; }

    /// <summary>Organiser code of the acting partner (upper-cased).</summary>
    public required string Organiser { get; set; }
    public required string ClientId { get; set; }
    public required string Action { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}
