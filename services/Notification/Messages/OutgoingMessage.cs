namespace Conference.Notification.Messages;

/// <summary>
/// One email to one attendee (table <c>outgoing_messages</c>), fully rendered when it is written, in
/// the same transaction as the event that caused it; the sender delivers it later. Its key
/// (registration, kind, sequence) is unique, so a redelivered event, a retry or a restart never makes a
/// second copy. It doubles as the delivery log.
/// </summary>
internal sealed class OutgoingMessage : Conference.Messaging.Observability.ITraceParentRow
{
    /// <summary>Message id (also the email's Message-ID stem).</summary>
    public Guid Id { get; set; }

    /// <summary>Insertion order (identity): messages written in one instant are sent in the order written.</summary>
    public long Serial { get; set; }

    /// <summary>The registration it concerns (the iCalendar UID's stem).</summary>
    public Guid RegistrationId { get; set; }

    /// <summary>The session it concerns.</summary>
    public Guid SessionId { get; set; }

    /// <summary>One of <see cref="MessageKind"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>Distinguishes repeated messages of one kind: the schedule version for reschedules and reminders, else 0.</summary>
    public int Sequence { get; set; }

    /// <summary>Attendee email address (never logged).</summary>
    public required string Recipient { get; set; }

    /// <summary>Attendee name, for the To header.</summary>
    public required string RecipientName { get; set; }

    /// <summary>Language it is written in (ISO 639-1).</summary>
    public required string Language { get; set; }

    public required string Subject { get; set; }

    /// <summary>Plain text body.</summary>
    public required string TextBody { get; set; }

    /// <summary>HTML body.</summary>
    public required string HtmlBody { get; set; }

    /// <summary>iCalendar object (RFC 5545), when the message carries an invitation or a cancellation.</summary>
    public string? Ics { get; set; }

    /// <summary>The iCalendar METHOD of <see cref="Ics"/> ("REQUEST" or "CANCEL").</summary>
    public string? IcsMethod { get; set; }

    /// <summary>One of <see cref="DeliveryStatus"/>.</summary>
    public string Status { get; set; } = DeliveryStatus.Pending;

    /// <summary>SMTP attempts so far.</summary>
    public int Attempts { get; set; }

    /// <summary>The last SMTP error (no addresses), while retrying or when failed.</summary>
    public string? LastError { get; set; }

    /// <summary>When it was written (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the sender may try it next (UTC): back-off after a failure.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>When the SMTP server accepted it (UTC).</summary>
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>W3C traceparent of the consumer that wrote it: the SMTP send continues that trace (set on save).</summary>
    public string? TraceParent { get; set; }

    /// <summary>
    /// When the registration event that caused it occurred (UTC), for confirmed, waitlisted and promoted
    /// messages: the start of the "registration to email" time. Null for other kinds.
    /// </summary>
    public DateTimeOffset? CausedAt { get; set; }
}

/// <summary>Values of <see cref="OutgoingMessage.Status"/>.</summary>
internal static class DeliveryStatus
{
    /// <summary>Waiting to be sent (or to be retried).</summary>
    public const string Pending = "pending";

    /// <summary>Accepted by the SMTP server.</summary>
    public const string Sent = "sent";

    /// <summary>Gave up after the last attempt; visible in the delivery log.</summary>
    public const string Failed = "failed";
}

/// <summary>What a message tells the attendee (values of <see cref="OutgoingMessage.Kind"/>).</summary>
internal static class MessageKind
{
    /// <summary>A seat is confirmed: invitation (METHOD:REQUEST) and join link.</summary>
    public const string Confirmed = "confirmed";

    /// <summary>The session is full: place on the waiting list, no invitation.</summary>
    public const string Waitlisted = "waitlisted";

    /// <summary>A waitlisted attendee got a seat: invitation and join link.</summary>
    public const string Promoted = "promoted";

    /// <summary>The attendee cancelled their registration (METHOD:CANCEL if they held a seat).</summary>
    public const string CancelledByAttendee = "cancelled-by-attendee";

    /// <summary>An organiser removed the attendee (METHOD:CANCEL if they held a seat).</summary>
    public const string RemovedByOrganiser = "removed-by-organiser";

    /// <summary>The session moved: updated invitation (same UID, higher SEQUENCE).</summary>
    public const string SessionRescheduled = "session-rescheduled";

    /// <summary>The organisers cancelled the session (METHOD:CANCEL, STATUS:CANCELLED).</summary>
    public const string SessionCancelled = "session-cancelled";

    /// <summary>Reminder 24 hours before the start.</summary>
    public const string Reminder24h = "reminder-24h";

    /// <summary>Reminder 1 hour before the start.</summary>
    public const string Reminder1h = "reminder-1h";
}
