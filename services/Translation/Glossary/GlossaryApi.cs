using System.Text.RegularExpressions;
using Conference.Translation.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Conference.Translation.Glossary;

/// <summary>The forum glossary as the API shows it: <c>{ "entries": [ { "terms": { "fr": "...", "en": "...", "es": "..." } } ] }</c>.</summary>
public sealed record GlossaryDocument(IReadOnlyList<GlossaryTerms> Entries);

/// <summary>One glossary entry: ISO 639-1 language → term (at least two languages).</summary>
public sealed record GlossaryTerms(IReadOnlyDictionary<string, string> Terms);

/// <summary>
/// <c>GET /api/v1/glossary</c> (anyone) and <c>PUT /api/v1/glossary</c> (partners): the terms machine
/// translation must render exactly (seeded with the forum's: OIT/ILO/OIT, DEL/LED/DEL, ...).
/// </summary>
internal static partial class GlossaryApi
{
    private const int MaxEntries = 1000;
    private const int MaxTermLength = 200;

    public static RouteGroupBuilder MapGlossaryApi(this RouteGroupBuilder api)
    {
        var glossary = api.MapGroup("/glossary").WithTags("Glossary");
        glossary.MapGet("/", GetGlossary).WithName("GetGlossary")
            .WithSummary("The forum glossary: entries of the same term per language (ISO 639-1 → term).");
        glossary.MapPut("/", PutGlossary).WithName("PutGlossary")
            .WithSummary("Replaces the forum glossary (partners). 422 with an errors map when an entry has fewer than two languages, an unknown language code, an empty or over-long (200 characters) term, or a term given twice for one language; at most 1000 entries.")
            .RequireAuthorization(PartnerAuthentication.PartnerPolicy);
        return api;
    }

    /// <summary>200 with the glossary, entries in the order they were given.</summary>
    internal static async Task<Ok<GlossaryDocument>> GetGlossary(TranslationDbContext db, CancellationToken ct)
    {
        var entries = await db.Glossary.AsNoTracking().OrderBy(e => e.Position).ToListAsync(ct);
        return TypedResults.Ok(ToDocument(entries));
    }

    /// <summary>200 with the new glossary; 422 with every problem (nothing changes then).</summary>
    internal static async Task<Results<Ok<GlossaryDocument>, ProblemHttpResult>> PutGlossary(GlossaryDocument? body, TranslationDbContext db, CancellationToken ct)
    {
        var errors = Validate(body);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }
        var entries = body!.Entries.Select((e, i) => new GlossaryEntry
        {
            Id = Guid.CreateVersion7(),
            Position = i,
            Terms = e.Terms.ToDictionary(t => t.Key.ToLowerInvariant(), t => t.Value.Trim()),
        }).ToList();

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.Glossary.ExecuteDeleteAsync(ct);
            db.Glossary.AddRange(entries);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        return TypedResults.Ok(ToDocument(entries));
    }

    private static GlossaryDocument ToDocument(IEnumerable<GlossaryEntry> entries) =>
        new(entries.Select(e => new GlossaryTerms(e.Terms)).ToList());

    private static Dictionary<string, string[]> Validate(GlossaryDocument? body)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string key, string message) => (errors.TryGetValue(key, out var l) ? l : errors[key] = []).Add(message);

        if (body?.Entries is null)
        {
            Add("entries", "Required: a list of { \"terms\": { language: term } }.");
            return Flatten(errors);
        }
        if (body.Entries.Count > MaxEntries)
        {
            Add("entries", $"At most {MaxEntries} entries.");
            return Flatten(errors);
        }
        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < body.Entries.Count; i++)
        {
            var terms = body.Entries[i]?.Terms;
            var key = $"entries[{i}].terms";
            if (terms is null || terms.Count < 2)
            {
                Add(key, "Give the term in at least two languages.");
                continue;
            }
            foreach (var (language, term) in terms)
            {
                if (language is null || !LanguageCode().IsMatch(language))
                {
                    Add($"{key}.{language}", "Language must be an ISO 639-1 code such as en, fr, es.");
                }
                else if (string.IsNullOrWhiteSpace(term))
                {
                    Add($"{key}.{language}", "The term must not be empty.");
                }
                else if (term.Trim().Length > MaxTermLength)
                {
                    Add($"{key}.{language}", $"At most {MaxTermLength} characters.");
                }
                else if (!seen.Add((language.ToLowerInvariant(), term.Trim().ToLowerInvariant())))
                {
                    Add($"{key}.{language}", $"'{term.Trim()}' is already in another entry.");
                }
            }
        }
        return Flatten(errors);
    }

    private static Dictionary<string, string[]> Flatten(Dictionary<string, List<string>> errors) =>
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    [GeneratedRegex("^[a-zA-Z]{2}$")]
    private static partial Regex LanguageCode();
}
