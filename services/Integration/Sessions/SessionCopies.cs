using Conference.Integration.Data;
using Microsoft.EntityFrameworkCore;

namespace Conference.Integration.Sessions;

/// <summary>Keeps <see cref="SessionCopy"/> rows current from the events that carry a session's organisers.</summary>
internal static class SessionCopies
{
    /// <summary>
    /// Applies the organisers (and code, when known) as of <paramref name="occurredAt"/>; an older event
    /// changes nothing. Returns the copy (added or tracked).
    /// </summary>
    public static async Task<SessionCopy> ApplyAsync(IntegrationDbContext db, Guid sessionId, string? code, IEnumerable<string> organisers, DateTimeOffset occurredAt, CancellationToken ct)
    {
        var copy = db.Sessions.Local.FirstOrDefault(s => s.Id == sessionId) ?? await db.Sessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (copy is null)
        {
            copy = new SessionCopy { Id = sessionId, Code = code, Organisers = SessionCopy.Normalise(organisers), AsOf = occurredAt };
            db.Sessions.Add(copy);
            return copy;
        }
        if (occurredAt >= copy.AsOf)
        {
            copy.Organisers = SessionCopy.Normalise(organisers);
            copy.Code = code ?? copy.Code;
            copy.AsOf = occurredAt;
        }
        return copy;
    }
}
