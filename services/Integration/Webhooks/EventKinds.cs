namespace Conference.Integration.Webhooks;

/// <summary>
/// The event kinds a partner may subscribe to (issue 10), each for the sessions it organises:
/// <c>session.published</c>, <c>session.updated</c>, <c>session.rescheduled</c>,
/// <c>session.cancelled</c>, <c>session.translated</c>, <c>registration.confirmed</c>,
/// <c>registration.waitlisted</c>, <c>registration.promoted</c>, <c>registration.cancelled</c>.
/// </summary>
internal static class EventKinds
{
    public const string SessionPublished = "session.published";
    public const string SessionUpdated = "session.updated";
    public const string SessionRescheduled = "session.rescheduled";
    public const string SessionCancelled = "session.cancelled";
    public const string SessionTranslated = "session.translated";
    public const string RegistrationConfirmed = "registration.confirmed";
    public const string RegistrationWaitlisted = "registration.waitlisted";
    public const string RegistrationPromoted = "registration.promoted";
    public const string RegistrationCancelled = "registration.cancelled";

    public static readonly IReadOnlyList<string> All =
    [
        SessionPublished, SessionUpdated, SessionRescheduled, SessionCancelled, SessionTranslated,
        RegistrationConfirmed, RegistrationWaitlisted, RegistrationPromoted, RegistrationCancelled,
    ];
}
