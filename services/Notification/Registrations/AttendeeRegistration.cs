namespace Conference.Notification.Registrations;

/// <summary>
/// What Notification keeps of a registration (table <c>registrations</c>), from Registration's events,
/// so that a reschedule or a cancellation of the session reaches every attendee.
/// The email address is personal data: it is stored here and in the outgoing message only, never logged.
/// </summary>
internal sealed class AttendeeRegistration
{
    /// <summary>Registration id (also the iCalendar UID's stem).</summary>
    public Guid Id { get; set; }

    /// <summary>Session id.</summary>
    public Guid SessionId { get; set; }

    /// <summary>Attendee name.</summary>
    public required string Name { get; set; }

    /// <summary>Attendee email as given.</summary>
    public required string Email { get; set; }

    /// <summary>Preferred language (ISO 639-1).</summary>
    public required string Language { get; set; }

    /// <summary>IANA time zone.</summary>
    public required string TimeZone { get; set; }

    /// <summary>Secret of the manage link.</summary>
    public required string ManageToken { get; set; }

    /// <summary><see cref="RegistrationStatus"/>: "confirmed", "waitlisted" or "cancelled".</summary>
    public required string Status { get; set; }

    /// <summary>Position on the waiting list (1 = next), while waitlisted.</summary>
    public int? WaitlistPosition { get; set; }

    /// <summary>OccurredAt of the last registration event applied: an older event arriving late changes nothing.</summary>
    public DateTimeOffset LastEventAt { get; set; }
}

/// <summary>Values of <see cref="AttendeeRegistration.Status"/>.</summary>
internal static class RegistrationStatus
{
    public const string Confirmed = "confirmed";
    public const string Waitlisted = "waitlisted";
    public const string Cancelled = "cancelled";
}
