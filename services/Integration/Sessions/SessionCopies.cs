using Conference.Integration.Data;
using Microsoft.EntityFrameworkCore;

namespace Conference.Integration.Sessions;

/// <summary>Keeps <see cref="SessionCopy"/> rows current from the events that carry a session's organisers.</summary>
internal static class SessionCopies
{
    /// <summary>Applies the organisers (and code, when known) as of <paramref name="occurredAt"/>; an older event changes nothing.</summary>
    public static async Task ApplyAsync(IntegrationDbContext db, Guid sessionId, string? code, IEnumerable<string> organisers, DateTimeOffset occurredAt, CancellationToken ct)
    {
        var copy = db.Sessions.Local.FirstOrDefault(s => s.Id == sessionId) ?? await db.Sessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (copy is null)
        {
            db.Sessions.Add(new SessionCopy { Id = sessionId, Code = code, Organisers = SessionCopy.Normalise(organisers), AsOf = occurredAt });
            return;
        }
        if (occurredAt >= copy.AsOf)
        {
            copy.Organisers = SessionCopy.Normalise(organisers);
            copy.Code = code ?? copy.Code;
            copy.AsOf = occurredAt;
        }
    }
}

/// <summary>
/// An event of a session Integration has not heard of yet (its <c>SessionPublished</c> is still on the
/// way on another queue): thrown so that the message is retried with back-off until the copy exists.
/// </summary>
internal sealed class SessionNotKnownYetException(Guid sessionId)
    : Exception($"Session {sessionId} is not known to Integration yet; the event is retried until its organisers are.");
