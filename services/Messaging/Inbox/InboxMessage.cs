namespace Conference.Messaging.Inbox;

/// <summary>
/// A message a consumer has processed (table <c>inbox_messages</c>, key: message id + consumer),
/// recorded in the same transaction as the consumer's changes, so a redelivery changes nothing.
/// </summary>
public sealed class InboxMessage
{
    /// <summary>MassTransit message id (the publisher's outbox row id).</summary>
    public Guid MessageId { get; set; }

    /// <summary>Consumer type name: two consumers of one message each keep their own record.</summary>
    public required string Consumer { get; set; }

    /// <summary>When it was processed (UTC).</summary>
    public DateTimeOffset ProcessedAt { get; set; }
}
