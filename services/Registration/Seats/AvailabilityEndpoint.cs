using Conference.Registration.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Conference.Registration.Seats;

/// <summary>
/// Seats of a session now (seats): <c>remaining</c> = capacity − confirmed, never negative, while the
/// session takes registrations; 0 once it is cancelled or has started, since registrations are then
/// refused (409, public API contract) and no seat can be taken. The counts stay as they are.
/// </summary>
public sealed record Availability(Guid SessionId, int Capacity, int Confirmed, int Waitlisted, int Remaining);

internal static class AvailabilityEndpoint
{
    /// <summary>
    /// <c>GET /api/v1/sessions/{id}/availability</c>: 200 + <see cref="Availability"/> (<c>remaining</c>
    /// is 0 for a cancelled or started session: it takes no registrations); 404 when Registration has
    /// no seats for it.
    /// </summary>
    public static async Task<Results<Ok<Availability>, ProblemHttpResult>> Get(Guid id, RegistrationDbContext db, TimeProvider time, CancellationToken ct)
    {
        var seats = await db.Seats.AsNoTracking().SingleOrDefaultAsync(s => s.SessionId == id, ct);
        return seats is null ? Problems.SessionNotFound(id) : TypedResults.Ok(seats.ToAvailability(time.GetUtcNow()));
    }

    /// <summary>Most sessions one <see cref="GetMany"/> request may name.</summary>
    public const int MaxSessionsPerRequest = 200;

    /// <summary>
    /// <c>GET /api/v1/availability?sessions={id},{id},...</c>: seats of up to
    /// <see cref="MaxSessionsPerRequest"/> sessions in one answer, 200 + array of
    /// <see cref="Availability"/> (as <see cref="Get"/>) in no particular order; a session Registration has no seats for is
    /// left out. 422 problem (field <c>sessions</c>) when the list is empty, too long or holds
    /// something other than session ids. The gateway's programme page asks it once per page instead of
    /// once per session; not routed by the gateway (the public reads stay per session, api-contract.md).
    /// </summary>
    public static async Task<Results<Ok<List<Availability>>, ProblemHttpResult>> GetMany(string? sessions, RegistrationDbContext db, TimeProvider time, CancellationToken ct)
    {
        var parts = (sessions ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var ids = new HashSet<Guid>();
        string? error = parts.Length switch
        {
            0 => "Name at least one session id (sessions=id,id,...).",
            > MaxSessionsPerRequest => $"At most {MaxSessionsPerRequest} sessions per request; {parts.Length} were named.",
            _ => null,
        };
        foreach (var part in error is null ? parts : [])
        {
            if (!Guid.TryParse(part, out var id))
            {
                error = $"'{(part.Length > 40 ? part[..40] + "…" : part)}' is not a session id.";
                break;
            }
            ids.Add(id);
        }
        if (error is not null)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["sessions"] = [error] });
        }
        var seats = await db.Seats.AsNoTracking().Where(s => ids.Contains(s.SessionId)).ToListAsync(ct);
        var now = time.GetUtcNow();
        return TypedResults.Ok(seats.Select(s => s.ToAvailability(now)).ToList());
    }

    /// <summary>The availability of a session's seats row at <paramref name="now"/>: no seat remains once it takes no registrations.</summary>
    public static Availability ToAvailability(this SessionSeats s, DateTimeOffset now) =>
        new(s.SessionId, s.Capacity, s.Confirmed, s.Waitlisted, s.TakesRegistrations(now) ? Math.Max(0, s.Capacity - s.Confirmed) : 0);
}
