using Conference.Contracts;

namespace Conference.Messaging.Observability;

/// <summary>
/// The session and registration an event concerns, for log scopes and span tags
/// (<c>session.id</c>, <c>registration.id</c>): ids only, never the attendee's name, email or token.
/// </summary>
public static class EventIds
{
    /// <summary>Span tag and log scope key of the session id.</summary>
    public const string SessionId = "session.id";

    /// <summary>Span tag and log scope key of the registration id.</summary>
    public const string RegistrationId = "registration.id";

    /// <summary>(session id, registration id) of <paramref name="message"/>, each null when it has none.</summary>
    public static (Guid? Session, Guid? Registration) Of(object message) => message switch
    {
        SessionPublished m => (m.Session.SessionId, null),
        SessionUpdated m => (m.Session.SessionId, null),
        SessionRescheduled m => (m.SessionId, null),
        SessionCancelled m => (m.SessionId, null),
        SessionTranslated m => (m.SessionId, null),
        SessionCapacityChanged m => (m.SessionId, null),
        RegistrationConfirmed m => (m.Attendee.SessionId, m.Attendee.RegistrationId),
        RegistrationWaitlisted m => (m.Attendee.SessionId, m.Attendee.RegistrationId),
        RegistrationPromoted m => (m.Attendee.SessionId, m.Attendee.RegistrationId),
        RegistrationCancelled m => (m.Attendee.SessionId, m.Attendee.RegistrationId),
        _ => (null, null),
    };

    /// <summary>Scope state for <c>ILogger.BeginScope</c> with the ids that are known.</summary>
    public static Dictionary<string, object> Scope(Guid? session, Guid? registration)
    {
        var state = new Dictionary<string, object>(2);
        if (session is { } s)
        {
            state[SessionId] = s;
        }
        if (registration is { } r)
        {
            state[RegistrationId] = r;
        }
        return state;
    }
}
