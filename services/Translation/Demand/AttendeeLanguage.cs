namespace Conference.Translation.Demand;

/// <summary>
/// The preferred language of one registration and whether it currently holds a seat, from
/// Registration's events; <see cref="LastEventAt"/> makes an older event delivered late change nothing.
/// </summary>
internal sealed class AttendeeLanguage
{
    public Guid RegistrationId { get; set; }
    public Guid SessionId { get; set; }
    public required string Language { get; set; }
    public bool Confirmed { get; set; }
    public DateTimeOffset LastEventAt { get; set; }
}
