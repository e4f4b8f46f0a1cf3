namespace Conference.Notification.Reminders;

/// <summary>
/// A reminder to send at <see cref="DueAt"/> (table <c>reminders</c>): durable, so it survives restarts;
/// polled with <c>FOR UPDATE SKIP LOCKED</c>; moved when the session moves, deleted when the seat or the
/// session is cancelled or once it has become an outgoing message.
/// </summary>
internal sealed class ScheduledReminder
{
    public Guid Id { get; set; }

    public Guid RegistrationId { get; set; }

    public Guid SessionId { get; set; }

    /// <summary><c>reminder-24h</c> or <c>reminder-1h</c>.</summary>
    public required string Kind { get; set; }

    /// <summary>When to send it (UTC): the session start minus 24 hours or 1 hour.</summary>
    public DateTimeOffset DueAt { get; set; }
}
