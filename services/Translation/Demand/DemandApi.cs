using System.Security.Claims;
using Conference.Translation.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Conference.Translation.Demand;

/// <summary>
/// Interpretation demand of a session. <see cref="Demand"/>: ISO 639-1 language → confirmed attendees
/// preferring it (every session language listed, 0 included); <see cref="Confirmed"/>: their total;
/// <see cref="FloorLanguage"/>: the session's source language (spoken on the floor);
/// <see cref="Channels"/>: the interpretation channels recommended — each other session language
/// at least one confirmed attendee prefers, most demanded first.
/// </summary>
public sealed record LanguageDemand(Guid SessionId, IReadOnlyDictionary<string, int> Demand, int Confirmed, string FloorLanguage, IReadOnlyList<string> Channels);

/// <summary><c>GET /api/v1/sessions/{id}/languages</c>: interpretation demand, for the session's organisers.</summary>
internal static class DemandApi
{
    public static RouteGroupBuilder MapDemandApi(this RouteGroupBuilder api)
    {
        api.MapGet("/sessions/{id:guid}/languages", GetLanguages).WithTags("Interpretation")
            .WithName("GetSessionLanguageDemand")
            .WithSummary("Confirmed attendees per preferred language and the interpretation channels the session needs (organising partner only: 403 otherwise; 404 unknown session).")
            .RequireAuthorization(PartnerAuthentication.PartnerPolicy);
        return api;
    }

    internal static async Task<Results<Ok<LanguageDemand>, ProblemHttpResult>> GetLanguages(Guid id, ClaimsPrincipal user, TranslationDbContext db, CancellationToken ct)
    {
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null)
        {
            return Problems.NotFound($"No session {id} is known to Translation.");
        }
        if (user.Organiser() is not { } organiser || !session.Organisers.Contains(organiser, StringComparer.OrdinalIgnoreCase))
        {
            return Problems.Forbidden("Only a partner organising the session may see its interpretation demand.");
        }
        var counts = await db.Attendees.AsNoTracking()
            .Where(a => a.SessionId == id && a.Confirmed)
            .GroupBy(a => a.Language)
            .Select(g => new { Language = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Language, g => g.Count, ct);
        var demand = session.Languages.Union(counts.Keys).ToDictionary(l => l, l => counts.GetValueOrDefault(l));
        var channels = demand.Where(d => d.Key != session.SourceLanguage && d.Value > 0)
            .OrderByDescending(d => d.Value).ThenBy(d => d.Key).Select(d => d.Key).ToList();
        return TypedResults.Ok(new LanguageDemand(id, demand, demand.Values.Sum(), session.SourceLanguage, channels));
    }
}
