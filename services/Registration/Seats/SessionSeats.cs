namespace Conference.Registration.Seats;

/// <summary>
/// The seat counter of one published session (table <c>session_seats</c>, one row per session):
/// Registration's own copy of what it needs of the session (from session events, or from Catalog
/// when an event is late) and the counts it owns. Every change to a session's registrations goes
/// through this row (a conditional update or a row lock), so confirmed never exceeds capacity.
/// </summary>
internal sealed class SessionSeats
{
    public Guid SessionId { get; set; }

    /// <summary>Seats; Registration's after publication (<c>PUT /api/v1/sessions/{id}/capacity</c>).</summary>
    public int Capacity { get; set; }

    /// <summary>Registrations holding a seat; 0 ≤ confirmed ≤ capacity.</summary>
    public int Confirmed { get; set; }

    /// <summary>Registrations on the waiting list.</summary>
    public int Waitlisted { get; set; }

    /// <summary>Last waiting-list order handed out (first come, first served; never reused).</summary>
    public long WaitlistSequence { get; set; }

    /// <summary>Start instant (UTC): no registration from then on.</summary>
    public DateTimeOffset StartsAt { get; set; }

    /// <summary>End instant (UTC).</summary>
    public DateTimeOffset EndsAt { get; set; }

    /// <summary><see cref="SeatStatus.Open"/> or <see cref="SeatStatus.Cancelled"/>.</summary>
    public required string Status { get; set; }

    /// <summary>Organiser codes ("OIT"): the partners that may see and manage registrations.</summary>
    public string[] Organisers { get; set; } = [];

    /// <summary>Session languages (ISO 639-1): an attendee's language must be one of them.</summary>
    public string[] Languages { get; set; } = [];

    /// <summary>Catalog's schedule version of <see cref="StartsAt"/>/<see cref="EndsAt"/>; older reschedules are ignored.</summary>
    public int ScheduleVersion { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// True while the session takes registrations at <paramref name="now"/>: open (not cancelled)
    /// and not started — the condition every seat and waiting-list update checks.
    /// </summary>
    public bool TakesRegistrations(DateTimeOffset now) => Status == SeatStatus.Open && StartsAt > now;
}

/// <summary>Values of <see cref="SessionSeats.Status"/>.</summary>
internal static class SeatStatus
{
    public const string Open = "open";
    public const string Cancelled = "cancelled";
}
