using Conference.Registration.Data;
using Conference.Registration.Seats;
using Microsoft.EntityFrameworkCore;

namespace Conference.Registration.Sessions;

/// <summary>
/// Registration's copy of a session, as fresh as needed to refuse an attendee. The copy comes from
/// events and can lag Catalog by a few milliseconds (an attendee registering right after a publish
/// or a reschedule), so before answering "unknown" or "started" it asks Catalog; if Catalog says
/// published and not started, the copy is opened or updated (same rules as the consumers). If Catalog
/// does not answer, the local copy decides.
/// </summary>
internal sealed class SessionCopies(RegistrationDbContext db, CatalogClient catalog, TimeProvider time)
{
    public async Task<SessionSeats?> FindAsync(Guid sessionId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var local = await db.Seats.AsNoTracking().SingleOrDefaultAsync(s => s.SessionId == sessionId, ct);
        var doubtful = local is null || (local.Status == SeatStatus.Open && local.StartsAt <= now);
        if (!doubtful)
        {
            return local;
        }

        var lookup = await catalog.GetSessionAsync(sessionId, ct);
        var s = lookup.Session;
        if (s is null || !string.Equals(s.Status, "published", StringComparison.OrdinalIgnoreCase) || s.StartsAt <= now)
        {
            return local;
        }

        await SeatLedger.UpsertAsync(db, sessionId, s.Capacity ?? 0, s.StartsAt, s.EndsAt, s.Languages ?? [], s.Organisers ?? [],
            s.ScheduleVersion ?? local?.ScheduleVersion ?? 0, authoritative: true, now, ct);
        return await db.Seats.AsNoTracking().SingleOrDefaultAsync(x => x.SessionId == sessionId, ct);
    }
}
