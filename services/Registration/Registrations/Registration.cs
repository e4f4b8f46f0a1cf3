namespace Conference.Registration.Registrations;

/// <summary>
/// An attendee's registration for a session (table <c>registrations</c>). One active registration
/// per (session, normalised email): a unique index over the rows not cancelled.
/// </summary>
internal sealed class Registration
{
    public Guid Id { get; set; }
    public Guid SessionId { get; set; }
    public required string Name { get; set; }

    /// <summary>Email as given, trimmed.</summary>
    public required string Email { get; set; }

    /// <summary>Trimmed, Unicode NFKC, lower-case invariant (see <see cref="EmailAddress.Normalise"/>).</summary>
    public required string NormalisedEmail { get; set; }

    public string? Organisation { get; set; }
    public string? Country { get; set; }

    /// <summary>Preferred language (ISO 639-1), one of the session's.</summary>
    public required string Language { get; set; }

    /// <summary>IANA time zone.</summary>
    public required string TimeZone { get; set; }

    /// <summary><see cref="RegistrationStatus"/>.</summary>
    public required string Status { get; set; }

    /// <summary>Place in the first-come-first-served order of the waiting list (kept after promotion).</summary>
    public long? WaitlistOrder { get; set; }

    /// <summary>SHA-256 of the manage token (hex); the token itself is never stored.</summary>
    public required string ManageTokenHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }

    /// <summary>"attendee", "organiser" or "session-cancelled".</summary>
    public string? CancelReason { get; set; }
}

/// <summary>Values of <see cref="Registration.Status"/>.</summary>
internal static class RegistrationStatus
{
    public const string Confirmed = "confirmed";
    public const string Waitlisted = "waitlisted";
    public const string Cancelled = "cancelled";
}

/// <summary>Values of a cancellation's reason (event <c>RegistrationCancelled.Reason</c>).</summary>
internal static class CancelReasons
{
    public const string Attendee = "attendee";
    public const string Organiser = "organiser";
    public const string SessionCancelled = "session-cancelled";
}
