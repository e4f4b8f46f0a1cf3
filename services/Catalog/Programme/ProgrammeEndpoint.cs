using Conference.Catalog.Data;
using Conference.Catalog.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Conference.Catalog.Programme;

/// <summary><c>GET /api/v1/programme</c>: thematic lines, their sub-themes, and their published sessions.</summary>
internal static class ProgrammeEndpoint
{
    public static IEndpointRouteBuilder MapProgramme(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/programme", GetProgramme)
            .WithName("GetProgramme")
            .WithSummary("The programme: thematic lines and sub-themes (code, title per language) with their published sessions ordered by start")
            .WithTags("Programme");
        return app;
    }

    public static async Task<Ok<ProgrammeResponse>> GetProgramme(CatalogDbContext db, CancellationToken ct)
    {
        var lines = await db.ThematicLines.AsNoTracking().ToListAsync(ct);
        var subs = await db.SubThemes.AsNoTracking().ToListAsync(ct);
        var sessions = await db.Sessions.AsNoTracking().Where(s => s.Status == SessionStatus.Published)
            .OrderBy(s => s.StartsAt).ThenBy(s => s.Code).ToListAsync(ct);
        var linesByCode = lines.ToDictionary(l => l.Code);
        var subsByCode = subs.ToDictionary(s => s.Code);

        SessionResponse Map(Session s) => s.ToResponse(
            s.ThematicLineCode is null ? null : linesByCode.GetValueOrDefault(s.ThematicLineCode),
            s.SubThemeCode is null ? null : subsByCode.GetValueOrDefault(s.SubThemeCode),
            caller: null);

        var result = lines.OrderBy(l => l.Code, CodeOrder.Instance).Select(line => new ProgrammeLine(
            line.Code,
            line.Title,
            subs.Where(s => s.ThematicLineCode == line.Code).OrderBy(s => s.Code, CodeOrder.Instance).Select(sub => new ProgrammeSubTheme(
                sub.Code,
                sub.Title,
                sessions.Where(s => s.SubThemeCode == sub.Code).Select(Map).ToList())).ToList(),
            sessions.Where(s => s.ThematicLineCode == line.Code && s.SubThemeCode is null).Select(Map).ToList())).ToList();
        var unclassified = sessions.Where(s => s.ThematicLineCode is null || !linesByCode.ContainsKey(s.ThematicLineCode)).Select(Map).ToList();
        return TypedResults.Ok(new ProgrammeResponse(result, unclassified));
    }

    /// <summary>"3.10" after "3.2": codes compare number by number.</summary>
    private sealed class CodeOrder : IComparer<string>
    {
        public static readonly CodeOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = (x ?? "").Split('.');
            var b = (y ?? "").Split('.');
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                var c = int.TryParse(a[i], out var na) && int.TryParse(b[i], out var nb) ? na.CompareTo(nb) : string.CompareOrdinal(a[i], b[i]);
                if (c != 0)
                {
                    return c;
                }
            }
            return a.Length.CompareTo(b.Length);
        }
    }
}

/// <summary>The programme: thematic lines in code order, and published sessions without a known line.</summary>
public sealed record ProgrammeResponse(IReadOnlyList<ProgrammeLine> ThematicLines, IReadOnlyList<SessionResponse> OtherSessions);

/// <summary>A thematic line: code, title per language, sub-themes, and its sessions without a sub-theme.</summary>
public sealed record ProgrammeLine(string Code, IReadOnlyDictionary<string, string> Title, IReadOnlyList<ProgrammeSubTheme> SubThemes, IReadOnlyList<SessionResponse> Sessions);

/// <summary>A sub-theme: code, title per language, and its published sessions ordered by start.</summary>
public sealed record ProgrammeSubTheme(string Code, IReadOnlyDictionary<string, string> Title, IReadOnlyList<SessionResponse> Sessions);
