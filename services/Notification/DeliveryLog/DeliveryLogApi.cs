using System.Security.Claims;
using Conference.Notification.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Conference.Notification.DeliveryLog;

/// <summary>One message in the delivery log. Times are UTC instants; no bodies, and the address masked.</summary>
/// <param name="Id">Message id.</param>
/// <param name="RegistrationId">The registration it concerns.</param>
/// <param name="Kind">confirmed, waitlisted, promoted, cancelled-by-attendee, removed-by-organiser, session-rescheduled, session-cancelled, reminder-24h, reminder-1h.</param>
/// <param name="Sequence">Schedule version for reschedules and reminders, else 0.</param>
/// <param name="Language">ISO 639-1 language it was written in.</param>
/// <param name="Recipient">The address masked to its first character and domain ("a***@example.org").</param>
/// <param name="Status">pending, sent or failed.</param>
/// <param name="Attempts">SMTP attempts so far.</param>
/// <param name="CreatedAt">When it was written.</param>
/// <param name="NextAttemptAt">When it is tried next, while pending.</param>
/// <param name="SentAt">When the SMTP server accepted it.</param>
/// <param name="LastError">The last SMTP error, while retrying or when failed.</param>
public sealed record DeliveryLogEntry(
    Guid Id, Guid RegistrationId, string Kind, int Sequence, string Language, string Recipient,
    string Status, int Attempts, DateTime CreatedAt, DateTime? NextAttemptAt, DateTime? SentAt, string? LastError);

/// <summary>The delivery log of one session: its messages, oldest first.</summary>
public sealed record DeliveryLogResponse(Guid SessionId, int Total, IReadOnlyList<DeliveryLogEntry> Items);

/// <summary><c>GET /api/v1/sessions/{id}/notifications</c>: the delivery log, for the session's organisers.</summary>
internal static class DeliveryLogApi
{
    public static IEndpointRouteBuilder MapDeliveryLogApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/sessions").WithTags("Delivery log");
        group.MapGet("/{id}/notifications", GetDeliveryLog)
            .RequireAuthorization(PartnerAuthentication.PartnerPolicy)
            .WithName("GetSessionNotifications")
            .WithSummary("The delivery log of a session's messages (partner token of one of its organisers)")
            .WithDescription("Per message: kind, language, masked recipient, status (pending, sent, failed), attempts and UTC times. "
                + "404 problem when Notification knows no such session; 403 problem when the caller does not organise it; 401 without a partner token.")
            .Produces<DeliveryLogResponse>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>
    /// The session's messages, oldest first. <paramref name="id"/> that is no uuid or no known session:
    /// 404; caller's organiser code (claim "organiser") not among the session's organisers: 403.
    /// </summary>
    public static async Task<Results<Ok<DeliveryLogResponse>, ProblemHttpResult>> GetDeliveryLog(
        string id, ClaimsPrincipal user, NotificationDbContext db, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var sessionId)
            || await db.Sessions.AsNoTracking().Where(s => s.Id == sessionId).Select(s => s.Organisers).FirstOrDefaultAsync(ct) is not { } organisers)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Session not found",
                detail: "Notification has no session with this id (unknown, or not published yet).");
        }
        var organiser = user.Organiser();
        if (organiser is null || !organisers.Contains(organiser, StringComparer.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not an organiser of this session",
                detail: "Only the session's organisers may read its delivery log.");
        }

        var rows = await db.OutgoingMessages.AsNoTracking()
            .Where(m => m.SessionId == sessionId)
            .OrderBy(m => m.Serial)
            .Select(m => new { m.Id, m.RegistrationId, m.Kind, m.Sequence, m.Language, m.Recipient, m.Status, m.Attempts, m.CreatedAt, m.NextAttemptAt, m.SentAt, m.LastError })
            .ToListAsync(ct);
        var items = rows.Select(m => new DeliveryLogEntry(
            m.Id, m.RegistrationId, m.Kind, m.Sequence, m.Language, Mask(m.Recipient), m.Status, m.Attempts,
            m.CreatedAt.UtcDateTime,
            m.Status == Messages.DeliveryStatus.Pending ? m.NextAttemptAt.UtcDateTime : null,
            m.SentAt?.UtcDateTime,
            m.LastError)).ToList();
        return TypedResults.Ok(new DeliveryLogResponse(sessionId, items.Count, items));
    }

    /// <summary>"ana.perez@example.org" → "a***@example.org".</summary>
    public static string Mask(string email)
    {
        var at = email.LastIndexOf('@');
        return at <= 0 ? "***" : $"{email[0]}***{email[at..]}";
    }
}
