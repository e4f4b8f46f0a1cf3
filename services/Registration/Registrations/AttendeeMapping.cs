using Conference.Contracts;

namespace Conference.Registration.Registrations;

internal static class AttendeeMapping
{
    /// <summary>
    /// The attendee facts for events. The manage token is known in clear only when the registration
    /// is made (it is stored as a hash); later events carry an empty token.
    /// </summary>
    public static Attendee ToAttendee(this Registration r, string? manageToken = null) =>
        new(r.Id, r.SessionId, r.Name, r.Email, r.Language, r.TimeZone, manageToken ?? "");
}
