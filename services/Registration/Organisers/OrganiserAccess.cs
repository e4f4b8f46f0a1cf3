using System.Security.Claims;
using Conference.Registration.Seats;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Conference.Registration.Organisers;

/// <summary>
/// A partner may see and change only sessions it organises (public API contract: 403 otherwise):
/// the caller's organiser code (claim <c>organiser</c>) must be among the session's organisers.
/// </summary>
internal static class OrganiserAccess
{
    /// <summary>Null when allowed; else 404 (unknown session) or 403.</summary>
    public static ProblemHttpResult? Check(SessionSeats? seats, Guid sessionId, ClaimsPrincipal user)
    {
        if (seats is null)
        {
            return Problems.SessionNotFound(sessionId);
        }
        var organiser = user.Organiser();
        if (string.IsNullOrEmpty(organiser) || !seats.Organisers.Contains(organiser, StringComparer.OrdinalIgnoreCase))
        {
            return Problems.Forbidden($"Partner {organiser ?? "(none)"} does not organise session {sessionId}.");
        }
        return null;
    }
}
