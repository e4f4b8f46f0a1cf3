namespace Conference.Messaging.Outbox;

/// <summary>
/// An event waiting to be published, written in the same transaction as the change that caused it
/// (table <c>outbox_messages</c>). The row id is the event id and the MassTransit message id, so a
/// consumer's inbox recognises a re-publication after a crash.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>Event id (UUID v7, so ids sort by creation).</summary>
    public Guid Id { get; set; }

    /// <summary>Publication order within this database.</summary>
    public long Sequence { get; set; }

    /// <summary>CLR type name of the contract (<c>Conference.Contracts.SessionPublished</c>).</summary>
    public required string MessageType { get; set; }

    /// <summary>The event as JSON (jsonb).</summary>
    public required string Payload { get; set; }

    /// <summary>When the change happened (UTC).</summary>
    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>W3C traceparent of the request that caused it, so the journey stays one trace.</summary>
    public string? TraceParent { get; set; }

    /// <summary>When the dispatcher handed it to RabbitMQ; null while waiting.</summary>
    public DateTimeOffset? DispatchedAt { get; set; }

    /// <summary>Failed publication attempts so far.</summary>
    public int Attempts { get; set; }

    /// <summary>The last publication error, for ops.</summary>
    public string? LastError { get; set; }
}
