using System.Globalization;
using System.Security.Claims;
using Conference.Catalog.Data;
using Conference.Catalog.Partners;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Conference.Catalog.Sessions;

/// <summary>Public reads: the published sessions, paged and filtered, and one session.</summary>
internal static class ReadSessionEndpoints
{
    public const int MaxPageSize = 100;

    public static RouteGroupBuilder MapReadSessions(this RouteGroupBuilder group)
    {
        group.MapGet("/", ListSessions)
            .WithName("ListSessions")
            .WithSummary("Published sessions, filtered and paged, ordered by start")
            .WithDescription("Filters: language (en|fr|es or any spelling), thematicLine (code), organiser (name or alias: ILO = OIT), from/to (UTC instants: sessions starting at or after from and before to), " +
                "q (free text in any language, case- and accent-insensitive), page (from 1), pageSize (1-100, default 20). Answer { items, page, pageSize, total }. 422 on an invalid parameter.")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{id:guid}", GetSession)
            .WithName("GetSession")
            .WithSummary("One session")
            .WithDescription("Published and cancelled sessions to anyone; drafts only to their organisers (404 otherwise). joinUrl only for organisers. " +
                "Answers an ETag; If-None-Match with it gives 304 while the session is unchanged.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<Results<Ok<SessionPage>, ProblemHttpResult>> ListSessions(
        CatalogDbContext db, ClaimsPrincipal user, CancellationToken ct,
        string? language = null, string? thematicLine = null, string? organiser = null, string? from = null, string? to = null,
        string? q = null, string? page = null, string? pageSize = null)
    {
        // PostgreSQL text cannot hold NUL: control characters in filters match nothing anyway.
        (q, thematicLine, organiser) = (WithoutControls(q), WithoutControls(thematicLine), WithoutControls(organiser));
        var problems = new Problems();
        var pageNumber = Number(page, "page", 1, 1, 1_000_000, problems);
        var size = Number(pageSize, "pageSize", 20, 1, MaxPageSize, problems);
        var fromInstant = InstantParameter(from, "from", problems);
        var toInstant = InstantParameter(to, "to", problems);
        string? languageCode = null;
        if (!string.IsNullOrWhiteSpace(language))
        {
            languageCode = LanguageCodes.Normalise(language);
            if (languageCode is null)
            {
                problems.Add("language", $"Unknown language '{language}' (en, fr or es).");
            }
        }
        if (q is { Length: > 200 })
        {
            problems.Add("q", "At most 200 characters.");
        }
        if (problems.Any)
        {
            return ApiProblems.Validation(problems, ApiProblems.InvalidQuery);
        }

        var query = db.Sessions.AsNoTracking().Where(s => s.Status == SessionStatus.Published);
        if (languageCode is not null)
        {
            query = query.Where(s => s.Languages.Contains(languageCode));
        }
        if (!string.IsNullOrWhiteSpace(thematicLine))
        {
            var code = thematicLine.Trim();
            query = query.Where(s => s.ThematicLineCode == code);
        }
        if (!string.IsNullOrWhiteSpace(organiser))
        {
            var partner = PartnerDirectory.PartnerOf(organiser);
            query = query.Where(s => s.OrganiserPartners.Contains(partner));
        }
        if (fromInstant is { } f)
        {
            query = query.Where(s => s.StartsAt >= f);
        }
        if (toInstant is { } t)
        {
            query = query.Where(s => s.StartsAt < t);
        }
        if (!string.IsNullOrWhiteSpace(q))
        {
            var needle = Session.Fold(q.Trim());
            query = query.Where(s => s.SearchText.Contains(needle));
        }

        var total = await query.CountAsync(ct);
        var sessions = await query.OrderBy(s => s.StartsAt).ThenBy(s => s.Code).ThenBy(s => s.Id)
            .Skip((int)Math.Min((long)(pageNumber - 1) * size, int.MaxValue)).Take(size).ToListAsync(ct);
        var lineCodes = sessions.Select(s => s.ThematicLineCode).OfType<string>().Distinct().ToList();
        var subCodes = sessions.Select(s => s.SubThemeCode).OfType<string>().Distinct().ToList();
        var lines = await db.ThematicLines.AsNoTracking().Where(l => lineCodes.Contains(l.Code)).ToDictionaryAsync(l => l.Code, ct);
        var subs = await db.SubThemes.AsNoTracking().Where(l => subCodes.Contains(l.Code)).ToDictionaryAsync(l => l.Code, ct);
        var caller = user.Organiser();
        var items = sessions.Select(s => s.ToResponse(
            s.ThematicLineCode is null ? null : lines.GetValueOrDefault(s.ThematicLineCode),
            s.SubThemeCode is null ? null : subs.GetValueOrDefault(s.SubThemeCode),
            caller)).ToList();
        return TypedResults.Ok(new SessionPage(items, pageNumber, size, total));
    }

    public static async Task<Results<Ok<SessionResponse>, StatusCodeHttpResult, ProblemHttpResult>> GetSession(
        Guid id, HttpContext http, CatalogDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        var caller = user.Organiser();
        if (session is null || (session.Status == SessionStatus.Draft && !session.IsOrganisedBy(caller)))
        {
            return ApiProblems.NotFound();
        }
        // The tag is a hash of the representation itself, so programme titles and the organiser-only
        // fields (joinUrl) are covered without bookkeeping.
        var response = await SessionEditing.ResponseAsync(db, session, caller, ct);
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(response));
        var etag = $"W/\"{Convert.ToHexStringLower(hash, 0, 12)}\"";
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = session.IsOrganisedBy(caller) ? "private, no-cache" : "public, no-cache";
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Select(t => t.Trim()).Contains(etag)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        return TypedResults.Ok(response);
    }

    private static string? WithoutControls(string? value) =>
        value is null ? null : new string(value.Where(c => !char.IsControl(c)).ToArray());

    private static int Number(string? value, string name, int fallback, int min, int max, Problems problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
        {
            return n;
        }
        problems.Add(name, $"A whole number from {min} to {max}.");
        return fallback;
    }

    private static DateTimeOffset? InstantParameter(string? value, string name, Problems problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            return instant;
        }
        problems.Add(name, "An ISO 8601 instant, e.g. 2021-06-01T00:00:00Z.");
        return null;
    }
}
