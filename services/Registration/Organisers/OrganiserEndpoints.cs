using System.Globalization;
using System.Text;
using Conference.Registration.Data;
using Conference.Registration.Registrations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Conference.Registration.Organisers;

/// <summary>Counts of a session's registrations by status.</summary>
public sealed record RegistrationCounts(int Confirmed, int Waitlisted, int Cancelled);

/// <summary>
/// A session's registrations for its organisers: counts by status, then every registration
/// (confirmed first by time, then the waiting list in order, then cancelled).
/// </summary>
public sealed record SessionRegistrations(Guid SessionId, int Capacity, RegistrationCounts Counts, IReadOnlyList<RegistrationView> Items);

internal static class OrganiserEndpoints
{
    /// <summary>
    /// <c>GET /api/v1/sessions/{id}/registrations</c> (organising partner): 200 +
    /// <see cref="SessionRegistrations"/> as JSON, or as CSV with <c>Accept: text/csv</c> (one row per
    /// registration, header row first, RFC 4180 quoting); 403 not an organiser; 404 unknown session.
    /// </summary>
    public static async Task<Results<Ok<SessionRegistrations>, FileContentHttpResult, ProblemHttpResult>> List(
        Guid id, HttpContext http, RegistrationDbContext db, CancellationToken ct)
    {
        var seats = await db.Seats.AsNoTracking().SingleOrDefaultAsync(s => s.SessionId == id, ct);
        if (OrganiserAccess.Check(seats, id, http.User) is { } denied)
        {
            return denied;
        }

        var all = await db.Registrations.AsNoTracking().Where(r => r.SessionId == id).ToListAsync(ct);
        var waiting = all.Where(r => r.Status == RegistrationStatus.Waitlisted).OrderBy(r => r.WaitlistOrder).ToList();
        var items = all.Where(r => r.Status == RegistrationStatus.Confirmed).OrderBy(r => r.ConfirmedAt).ThenBy(r => r.CreatedAt)
            .Select(r => ManageEndpoints.ToView(r, null))
            .Concat(waiting.Select((r, i) => ManageEndpoints.ToView(r, i + 1)))
            .Concat(all.Where(r => r.Status == RegistrationStatus.Cancelled).OrderBy(r => r.CancelledAt).Select(r => ManageEndpoints.ToView(r, null)))
            .ToList();
        var counts = new RegistrationCounts(
            all.Count(r => r.Status == RegistrationStatus.Confirmed), waiting.Count, all.Count(r => r.Status == RegistrationStatus.Cancelled));

        var wantsCsv = http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));
        if (wantsCsv)
        {
            return TypedResults.File(Encoding.UTF8.GetBytes(ToCsv(items)), "text/csv; charset=utf-8", $"registrations-{id}.csv");
        }
        return TypedResults.Ok(new SessionRegistrations(id, seats!.Capacity, counts, items));
    }

    /// <summary>
    /// <c>DELETE /api/v1/sessions/{id}/registrations/{registrationId}</c> (organising partner): removes
    /// the attendee (reason "organiser"); the seat goes to the first on the waiting list exactly as for
    /// the attendee's own cancellation. 200 + the cancelled registration; 403; 404 unknown.
    /// </summary>
    public static async Task<Results<Ok<RegistrationView>, ProblemHttpResult>> Remove(
        Guid id, Guid registrationId, HttpContext http, RegistrationDbContext db, TimeProvider time, CancellationToken ct)
    {
        var seats = await db.Seats.AsNoTracking().SingleOrDefaultAsync(s => s.SessionId == id, ct);
        if (OrganiserAccess.Check(seats, id, http.User) is { } denied)
        {
            return denied;
        }
        var exists = await db.Registrations.AnyAsync(r => r.Id == registrationId && r.SessionId == id, ct);
        if (!exists)
        {
            return TypedResults.Problem($"No registration {registrationId} in session {id}.", statusCode: StatusCodes.Status404NotFound, title: "Unknown registration");
        }

        await Cancellation.CancelAsync(db, registrationId, CancelReasons.Organiser, time, ct, http.User);
        db.ChangeTracker.Clear();
        var cancelled = await db.Registrations.AsNoTracking().SingleAsync(r => r.Id == registrationId, ct);
        return TypedResults.Ok(ManageEndpoints.ToView(cancelled, null));
    }

    private static string ToCsv(IEnumerable<RegistrationView> items)
    {
        var csv = new StringBuilder();
        csv.Append("id,name,email,organisation,country,language,timeZone,status,waitlistPosition,createdAt,cancelledAt,cancelReason\r\n");
        foreach (var r in items)
        {
            string[] fields =
            [
                r.Id.ToString(), r.Name, r.Email, r.Organisation ?? "", r.Country ?? "", r.Language, r.TimeZone, r.Status,
                r.WaitlistPosition?.ToString(CultureInfo.InvariantCulture) ?? "",
                Instant(r.CreatedAt), r.CancelledAt is { } c ? Instant(c) : "", r.CancelReason ?? "",
            ];
            csv.AppendJoin(',', fields.Select(Quote)).Append("\r\n");
        }
        return csv.ToString();
    }

    private static string Instant(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    // RFC 4180 quoting; a leading = + - @ is prefixed so a spreadsheet does not run it as a formula.
    private static string Quote(string value)
    {
        if (value.Length > 0 && "=+-@".Contains(value[0]))
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
