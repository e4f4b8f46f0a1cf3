using System.Text.Json.Serialization;
using Conference.Registration.Data;
using Conference.Registration.Seats;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Conference.Registration.Registrations;

/// <summary>
/// A registration as its attendee (or an organiser) sees it. <c>status</c>: confirmed, waitlisted
/// or cancelled; <c>waitlistPosition</c> (1 = next) only while waitlisted. <c>createdAt</c> and
/// <c>cancelledAt</c> are UTC instants written with <c>Z</c> (<c>2031-06-01T17:00:00Z</c>; public API
/// contract: "Times are ISO 8601 instants in UTC"), hence <see cref="DateTime"/>s of kind UTC, as
/// Catalog answers its session times (<see cref="ManageEndpoints.ToView"/> converts).
/// </summary>
public sealed record RegistrationView(
    Guid Id,
    Guid SessionId,
    string Name,
    string Email,
    string? Organisation,
    string? Country,
    string Language,
    string TimeZone,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? WaitlistPosition,
    DateTime CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTime? CancelledAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CancelReason);

/// <summary>The attendee's own endpoints, authorised by the manage token (header <c>X-Registration-Token</c>).</summary>
internal static class ManageEndpoints
{
    public const string TokenHeader = "X-Registration-Token";

    /// <summary><c>GET /api/v1/registrations/{id}</c>: 200 + <see cref="RegistrationView"/>; 404 when unknown or the token does not match.</summary>
    public static async Task<Results<Ok<RegistrationView>, ProblemHttpResult>> Get(
        Guid id, [FromHeader(Name = TokenHeader)] string? token, RegistrationDbContext db, CancellationToken ct)
    {
        var registration = await db.Registrations.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (registration is null || !ManageToken.Matches(token, registration.ManageTokenHash))
        {
            return Problems.RegistrationNotFound(id);
        }
        return TypedResults.Ok(await ViewAsync(db, registration, ct));
    }

    /// <summary>
    /// <c>DELETE /api/v1/registrations/{id}</c>: the attendee cancels (reason "attendee"); the seat goes
    /// to the first on the waiting list in the same transaction. 200 + the cancelled registration
    /// (also when it was already cancelled); 404 when unknown or the token does not match.
    /// </summary>
    public static async Task<Results<Ok<RegistrationView>, ProblemHttpResult>> Cancel(
        Guid id, [FromHeader(Name = TokenHeader)] string? token, RegistrationDbContext db, TimeProvider time, CancellationToken ct)
    {
        var registration = await db.Registrations.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (registration is null || !ManageToken.Matches(token, registration.ManageTokenHash))
        {
            return Problems.RegistrationNotFound(id);
        }
        await Cancellation.CancelAsync(db, id, CancelReasons.Attendee, time, ct);
        db.ChangeTracker.Clear();
        var cancelled = await db.Registrations.AsNoTracking().SingleAsync(r => r.Id == id, ct);
        return TypedResults.Ok(await ViewAsync(db, cancelled, ct));
    }

    public static async Task<RegistrationView> ViewAsync(RegistrationDbContext db, Registration r, CancellationToken ct)
    {
        int? position = r.Status == RegistrationStatus.Waitlisted && r.WaitlistOrder is { } order
            ? await SeatLedger.PositionAsync(db, r.SessionId, order, ct)
            : null;
        return ToView(r, position);
    }

    /// <summary>The view of a registration; its instants as UTC <see cref="DateTime"/>s, so JSON writes them with <c>Z</c>.</summary>
    public static RegistrationView ToView(Registration r, int? position) =>
        new(r.Id, r.SessionId, r.Name, r.Email, r.Organisation, r.Country, r.Language, r.TimeZone, r.Status, position,
            r.CreatedAt.UtcDateTime, r.CancelledAt?.UtcDateTime, r.CancelReason);
}
