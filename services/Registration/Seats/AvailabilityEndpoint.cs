using Conference.Registration.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Conference.Registration.Seats;

/// <summary>Seats of a session now: <c>remaining</c> = capacity − confirmed, never negative (seats).</summary>
public sealed record Availability(Guid SessionId, int Capacity, int Confirmed, int Waitlisted, int Remaining);

internal static class AvailabilityEndpoint
{
    /// <summary><c>GET /api/v1/sessions/{id}/availability</c>: 200 + <see cref="Availability"/>; 404 when Registration has no seats for it.</summary>
    public static async Task<Results<Ok<Availability>, ProblemHttpResult>> Get(Guid id, RegistrationDbContext db, CancellationToken ct)
    {
        var seats = await db.Seats.AsNoTracking().SingleOrDefaultAsync(s => s.SessionId == id, ct);
        return seats is null ? Problems.SessionNotFound(id) : TypedResults.Ok(seats.ToAvailability());
    }

    /// <summary>Most sessions one <see cref="GetMany"/> request may name.</summary>
    public const int MaxSessionsPerRequest = 200;

    /// <summary>
    /// <c>GET /api/v1/availability?sessions={id},{id},...</c>: seats of up to
    /// <see cref="MaxSessionsPerRequest"/> sessions in one answer, 200 + array of
    /// <see cref="Availability"/> in no particular order; a session Registration has no seats for is
    /// left out. 422 problem (field <c>sessions</c>) when the list is empty, too long or holds
    /// something other than session ids. The gateway's programme page asks it once per page instead of
    /// once per session; not routed by the gateway (the public reads stay per session, api-contract.md).
    /// </summary>
    public static async Task<Results<Ok<List<Availability>>, ProblemHttpResult>> GetMany(string? sessions, RegistrationDbContext db, CancellationToken ct)
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
        return TypedResults.Ok(seats.Select(s => s.ToAvailability()).ToList());
    }

    /// <summary>The availability of a session's seats row.</summary>
    public static Availability ToAvailability(this SessionSeats s) =>
        new(s.SessionId, s.Capacity, s.Confirmed, s.Waitlisted, Math.Max(0, s.Capacity - s.Confirmed));
}
