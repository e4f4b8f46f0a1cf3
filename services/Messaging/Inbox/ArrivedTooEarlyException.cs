namespace Conference.Messaging.Inbox;

/// <summary>
/// A message consumed before a message it depends on: events travel on separate queues and can race
/// (a session's reschedule, translation or registration before its publication). Thrown from an
/// <see cref="InboxConsumer{TMessage, TContext}"/>'s handler, nothing of the attempt is committed
/// (nor its inbox row) and the bus's retry delivers the message again with back-off
/// (<see cref="Conference.Messaging.HostingExtensions"/>: 8 attempts, 200 ms to 30 s), by when the awaited message has
/// usually been applied. Used by every service that keeps a copy of sessions.
/// </summary>
public sealed class ArrivedTooEarlyException(string message) : Exception(message)
{
    /// <summary>
    /// An event of session <paramref name="sessionId"/> that <paramref name="service"/> cannot apply
    /// before <paramref name="awaited"/> (by default the session's <c>SessionPublished</c>).
    /// </summary>
    public static ArrivedTooEarlyException SessionNotKnownYet(string service, Guid sessionId, string awaited = "its SessionPublished is applied") =>
        new($"Session {sessionId} is not known to {service} yet; the message is retried until {awaited}.");
}
