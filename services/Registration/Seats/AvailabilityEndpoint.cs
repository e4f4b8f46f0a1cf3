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

    public static Availability ToAvailability(this SessionSeats s) =>
        new(s.SessionId, s.Capacity, s.Confirmed, s.Waitlisted, Math.Max(0, s.Capacity - s.Confirmed));
}
