using System.Security.Claims;
using Conference.Contracts;
using Conference.Messaging.Audit;
using Conference.Messaging.Outbox;
using Conference.Translation.Data;
using Conference.Translation.Memory;
using Conference.Translation.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Conference.Translation.Review;

/// <summary>
/// Reviewed texts for one language: any subset of the session's text fields and of the titles of its
/// thematic line and sub-theme (<c>thematicLineTitle</c>, <c>subThemeTitle</c>; Catalog keeps those with
/// the programme and never lets them replace a title a partner wrote in that language, ADR 0005).
/// A field left out (or null) keeps its current text.
/// </summary>
public sealed record ReviewRequest(
    string? Title, string? Summary, string? Conceptualisation, string? Objectives, string? DiscussionPoints,
    string? ThematicLineTitle = null, string? SubThemeTitle = null);

/// <summary>The texts of a session in one language: field → text, origin (<c>machine</c>/<c>reviewed</c>) and engine.</summary>
public sealed record LanguageTranslation(Guid SessionId, string Language, string Status, IReadOnlyDictionary<string, FieldText> Fields);

/// <summary>One translated field. <see cref="Engine"/> is null for a reviewed text.</summary>
public sealed record FieldText(string Text, string Origin, string? Engine);

/// <summary>All translations of a session: <c>languages</c> maps each target language to its texts and status (<c>pending</c> or <c>done</c>).</summary>
public sealed record SessionTranslations(Guid SessionId, string SourceLanguage, IReadOnlyDictionary<string, LanguageTranslation> Languages);

/// <summary>
/// <c>GET /api/v1/sessions/{id}/translations</c> (anyone: where each language stands) and
/// <c>PUT /api/v1/sessions/{id}/translations/{language}</c> (an organising partner: reviewed texts that
/// replace the machine ones, are never overwritten by a machine, and feed the translation memory).
/// </summary>
internal static class TranslationsApi
{
    private const int MaxFieldLength = 20_000;

    public static RouteGroupBuilder MapTranslationsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/sessions/{id:guid}/translations").WithTags("Translations");
        group.MapGet("/", GetTranslations).WithName("GetSessionTranslations")
            .WithSummary("Translations of a session per language with their status: pending while a machine translation is queued or retrying, else done. 404 for an unknown session.");
        group.MapPut("/{language}", PutReview).WithName("PutReviewedTranslation")
            .WithSummary("Stores reviewed texts for a language (organising partner only: 403 otherwise; 404 unknown session). Body: any of title, summary, conceptualisation, objectives, discussionPoints, thematicLineTitle, subThemeTitle (the titles of the session's thematic line and sub-theme). 422 when the language is not a target language of the session, no field is given, a field is empty, too long (20000 characters) or has no source text. Publishes SessionTranslated (origin reviewed).")
            .RequireAuthorization(PartnerAuthentication.PartnerPolicy);
        return api;
    }

    internal static async Task<Results<Ok<SessionTranslations>, ProblemHttpResult>> GetTranslations(Guid id, TranslationDbContext db, CancellationToken ct)
    {
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null)
        {
            return Problems.NotFound($"No session {id} is known to Translation.");
        }
        var rows = await db.Translations.AsNoTracking().Where(t => t.SessionId == id).ToListAsync(ct);
        var pending = await db.Jobs.AsNoTracking().Where(j => j.SessionId == id && j.Pending).Select(j => j.Language).ToListAsync(ct);
        var languages = session.Languages.Where(l => l != session.SourceLanguage).ToDictionary(
            l => l,
            l => View(id, l, pending.Contains(l), rows.Where(r => r.Language == l)));
        return TypedResults.Ok(new SessionTranslations(id, session.SourceLanguage, languages));
    }

    internal static async Task<Results<Ok<LanguageTranslation>, ProblemHttpResult>> PutReview(
        Guid id, string language, ReviewRequest? body, ClaimsPrincipal user, TranslationDbContext db, TimeProvider time, CancellationToken ct)
    {
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null)
        {
            return Problems.NotFound($"No session {id} is known to Translation.");
        }
        if (user.Organiser() is not { } organiser || !session.Organisers.Contains(organiser, StringComparer.OrdinalIgnoreCase))
        {
            return Problems.Forbidden("Only a partner organising the session may review its translations.");
        }

        var sources = await db.SourceTexts.AsNoTracking().Where(s => s.SessionId == id).ToDictionaryAsync(s => s.Field, ct);
        var given = new Dictionary<string, string?>
        {
            ["title"] = body?.Title,
            ["summary"] = body?.Summary,
            ["conceptualisation"] = body?.Conceptualisation,
            ["objectives"] = body?.Objectives,
            ["discussionPoints"] = body?.DiscussionPoints,
            [SessionFields.ThematicLineTitle] = body?.ThematicLineTitle,
            [SessionFields.SubThemeTitle] = body?.SubThemeTitle,
        }.Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value!.Trim());

        var errors = new Dictionary<string, string[]>();
        if (language == session.SourceLanguage || !session.Languages.Contains(language))
        {
            errors["language"] = [$"'{language}' is not a translation language of this session (its languages: {string.Join(", ", session.Languages.Where(l => l != session.SourceLanguage))})."];
        }
        if (given.Count == 0)
        {
            errors["body"] = ["Give at least one of title, summary, conceptualisation, objectives, discussionPoints, thematicLineTitle, subThemeTitle."];
        }
        foreach (var (field, text) in given)
        {
            if (text.Length == 0)
            {
                errors[field] = ["Must not be empty."];
            }
            else if (text.Length > MaxFieldLength)
            {
                errors[field] = [$"At most {MaxFieldLength} characters."];
            }
            else if (!sources.ContainsKey(field))
            {
                errors[field] = ["The session has no source text for this field."];
            }
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var now = time.GetUtcNow();
            var existing = await db.Translations.Where(t => t.SessionId == id && t.Language == language).ToDictionaryAsync(t => t.Field, ct);
            // Audit trail: the texts before and after, as field → { language → text }.
            var before = given.Keys.ToDictionary(f => f, f => (object?)new Dictionary<string, string?> { [language] = existing.GetValueOrDefault(f)?.Text });
            var after = given.ToDictionary(f => f.Key, f => (object?)new Dictionary<string, string?> { [language] = f.Value });
            db.AddPartnerAction(user, "review", id, before, after, session.Organisers, now);
            foreach (var (field, text) in given)
            {
                if (!existing.TryGetValue(field, out var row))
                {
                    row = new FieldTranslation { SessionId = id, Language = language, Field = field, Text = text, Origin = Origins.Reviewed, SourceHash = sources[field].Hash };
                    db.Translations.Add(row);
                }
                row.Text = text;
                row.Origin = Origins.Reviewed;
                row.Engine = null;
                row.SourceHash = sources[field].Hash;
                row.TranslatedAt = now;
                await RememberAsync(db, sources[field].Text, text, session.SourceLanguage, language, now, ct);
            }
            db.AddEvent(new SessionTranslated(OutboxExtensions.NewEventId(), now, id, language, given, Origins.Reviewed, null));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });

        var rows = await db.Translations.AsNoTracking().Where(t => t.SessionId == id && t.Language == language).ToListAsync(ct);
        var pending = await db.Jobs.AsNoTracking().AnyAsync(j => j.SessionId == id && j.Language == language && j.Pending, ct);
        return TypedResults.Ok(View(id, language, pending, rows));
    }

    /// <summary>
    /// Feeds the translation memory segment by segment when source and review have as many segments
    /// (paragraphs and list items line up), else as one segment for the whole field.
    /// </summary>
    private static async Task RememberAsync(TranslationDbContext db, string source, string reviewed, string from, string to, DateTimeOffset now, CancellationToken ct)
    {
        var sourceSegments = Segments.Parse(source).Where(l => l.Content.Length > 0).Select(l => l.Content).ToList();
        var reviewedSegments = Segments.Parse(reviewed).Where(l => l.Content.Length > 0).Select(l => l.Content).ToList();
        var pairs = sourceSegments.Count == reviewedSegments.Count
            ? sourceSegments.Zip(reviewedSegments).ToList()
            : [(source.Trim(), reviewed)];
        foreach (var (src, tgt) in pairs.DistinctBy(p => p.Item1))
        {
            var hash = SourceText.HashOf(src);
            var entry = db.Memory.Local.FirstOrDefault(m => m.SourceLanguage == from && m.TargetLanguage == to && m.SourceHash == hash)
                ?? await db.Memory.FirstOrDefaultAsync(m => m.SourceLanguage == from && m.TargetLanguage == to && m.SourceHash == hash, ct);
            if (entry is null)
            {
                db.Memory.Add(new MemoryEntry { SourceLanguage = from, TargetLanguage = to, SourceHash = hash, SourceText = src, TargetText = tgt, UpdatedAt = now });
            }
            else
            {
                entry.TargetText = tgt;
                entry.UpdatedAt = now;
            }
        }
    }

    private static LanguageTranslation View(Guid id, string language, bool pending, IEnumerable<FieldTranslation> rows) =>
        new(id, language, pending ? "pending" : "done", rows.ToDictionary(r => r.Field, r => new FieldText(r.Text, r.Origin, r.Engine)));
}
