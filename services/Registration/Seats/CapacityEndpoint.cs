using Conference.Contracts;
using Conference.Messaging.Audit;
using Conference.Messaging.Outbox;
using Conference.Registration.Data;
using Conference.Registration.Organisers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Conference.Registration.Seats;

/// <summary>
/// Body of <c>PUT /api/v1/sessions/{id}/capacity</c>: the new number of seats, a whole number from 1
/// to 1 000 000 (<see cref="SessionCapacity"/>, the same rule as Catalog's) and not below the confirmed seats.
/// </summary>
public sealed record CapacityRequest(int? Capacity);

internal static class CapacityEndpoint
{
    /// <summary>
    /// <c>PUT /api/v1/sessions/{id}/capacity</c> (organising partner): sets the seats of a published
    /// session with its counter row locked, so it is atomic with registrations. An increase promotes
    /// from the waiting list, first come first served; nobody is ever removed. 200 + availability;
    /// 422 on <c>capacity</c> when it is missing or outside 1..1 000 000 (<see cref="SessionCapacity"/>),
    /// or below the confirmed seats (<c>confirmed</c> in the problem); 403 not an organiser;
    /// 404 unknown; 409 cancelled. Publishes <see cref="SessionCapacityChanged"/>.
    /// </summary>
    public static async Task<Results<Ok<Availability>, ProblemHttpResult>> Put(
        Guid id, CapacityRequest? request, HttpContext http, RegistrationDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (request?.Capacity is not { } capacity || !SessionCapacity.IsValid(capacity))
        {
            return Problems.Validation(new Dictionary<string, string[]>
            {
                ["capacity"] = [request?.Capacity is { } given
                    ? $"Capacity {given} is outside the range: {SessionCapacity.Rule}."
                    : $"Capacity is required: {SessionCapacity.Rule}."],
            });
        }

        var probe = await db.Seats.AsNoTracking().SingleOrDefaultAsync(s => s.SessionId == id, ct);
        if (OrganiserAccess.Check(probe, id, http.User) is { } denied)
        {
            return denied;
        }

        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var seats = (await SeatLedger.LockAsync(db, id, ct))!;
            var now = time.GetUtcNow(); // under the lock: the session's events are stamped in commit order
            if (seats.Status == SeatStatus.Cancelled)
            {
                return (Results<Ok<Availability>, ProblemHttpResult>)Problems.Conflict(Problems.SessionCancelled, "The session was cancelled.");
            }
            if (capacity < seats.Confirmed)
            {
                return Problems.Validation(
                    new Dictionary<string, string[]>
                    {
                        ["capacity"] = [$"Capacity cannot be below the {seats.Confirmed} confirmed seats; nobody is removed by a capacity change."],
                    },
                    new Dictionary<string, object?> { ["confirmed"] = seats.Confirmed });
            }

            var previous = seats.Capacity;
            seats.Capacity = capacity;
            seats.UpdatedAt = now;
            db.AddPartnerAction(http.User, "capacity", id,
                new Dictionary<string, object?> { ["capacity"] = previous }, new Dictionary<string, object?> { ["capacity"] = capacity }, seats.Organisers, now);
            if (seats.StartsAt > now)
            {
                await SeatLedger.PromoteAsync(db, seats, now, ct);
            }
            db.AddEvent(new SessionCapacityChanged(OutboxExtensions.NewEventId(), now, id, seats.Capacity, seats.Confirmed));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return TypedResults.Ok(seats.ToAvailability(now));
        });
    }
}
