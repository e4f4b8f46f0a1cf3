using System.Text.Json;
using Conference.Catalog.Data;
using Conference.Catalog.Partners;
using Conference.Catalog.Programme;
using Conference.Contracts;
using Conference.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Conference.Catalog.Sessions;

/// <summary>
/// Changes to a session and the events they cause. A change to a published session emits
/// <see cref="SessionRescheduled"/> when its times move (schedule version raised) and
/// <see cref="SessionUpdated"/> with the changed fields for anything else.
/// </summary>
internal static class SessionEditing
{
    private static readonly string[] ScheduleFields = ["startsAt", "endsAt"];

    /// <summary>A new draft from validated content (code, format, source language and times present).</summary>
    public static Session Create(SessionContent c, DateTimeOffset now)
    {
        var session = new Session
        {
            Id = Guid.CreateVersion7(now),
            Code = c.Code!,
            Format = c.Format!,
            SourceLanguage = c.SourceLanguage!,
            CreatedAt = now,
        };
        Apply(session, c, now, keepCapacity: false);
        return session;
    }

    /// <summary>Replaces a session's content (card import or re-import) with <paramref name="c"/>.</summary>
    public static void Apply(Session s, SessionContent c, DateTimeOffset now, bool keepCapacity)
    {
        s.Format = c.Format!;
        if (s.SourceLanguage != c.SourceLanguage && s.Translations.TryGetValue(s.SourceLanguage, out var old))
        {
            // The former source texts were written by the partner: they stand as reviewed until redone.
            s.Translations[s.SourceLanguage] = old with { Origin = TextOrigin.Reviewed, Stale = true };
        }
        s.SourceLanguage = c.SourceLanguage!;
        s.Languages = c.Languages.ToList();
        SetOrganisers(s, c.Organisers);
        s.ThematicLineCode = c.ThematicLine?.Code;
        s.SubThemeCode = c.SubTheme?.Code;
        s.StartsAt = c.StartsAt!.Value;
        s.EndsAt = c.EndsAt!.Value;
        s.ReferenceOffsets = c.ReferenceOffsets.ToList();
        s.Platform = c.Platform;
        if (!keepCapacity)
        {
            s.Capacity = c.Capacity ?? s.Capacity;
        }
        s.RegistrationRequired = c.RegistrationRequired ?? true;
        s.Documents = c.Documents.ToList();
        if (c.JoinUrl is not null)
        {
            s.JoinUrl = c.JoinUrl;
        }
        foreach (var field in TextFields.All)
        {
            SetSourceText(s, field, c.Texts.GetValueOrDefault(field, ""), now);
        }
        s.UpdatedAt = now;
    }

    public static void SetOrganisers(Session s, IEnumerable<string> organisers)
    {
        s.Organisers = organisers.ToList();
        s.OrganiserPartners = s.Organisers.Select(PartnerDirectory.PartnerOf).Distinct().ToList();
    }

    /// <summary>Sets a source-language text; when it changes, every other language's text of the session becomes stale.</summary>
    public static void SetSourceText(Session s, string field, string text, DateTimeOffset now)
    {
        if (!s.Texts.TryGetValue(field, out var byLanguage))
        {
            s.Texts[field] = byLanguage = new Dictionary<string, string>(StringComparer.Ordinal);
        }
        var changed = !byLanguage.TryGetValue(s.SourceLanguage, out var before) || before != text;
        byLanguage[s.SourceLanguage] = text;
        s.Translations[s.SourceLanguage] = new TranslationState(TextOrigin.Source, null, false, now);
        if (changed)
        {
            foreach (var (language, state) in s.Translations.ToList())
            {
                if (language != s.SourceLanguage && !state.Stale)
                {
                    s.Translations[language] = state with { Stale = true };
                }
            }
        }
    }

    /// <summary>
    /// Every field of the session as JSON, to tell what a change touched; <c>thematicLine</c> and
    /// <c>subTheme</c> hold the code and the titles partners gave, so a changed title is translated again.
    /// </summary>
    public static async Task<Dictionary<string, string>> FingerprintAsync(CatalogDbContext db, Session s, CancellationToken ct)
    {
        var (line, subTheme) = await TopicsAsync(db, s, ct);
        var fields = new Dictionary<string, object?>
        {
            ["format"] = s.Format,
            ["sourceLanguage"] = s.SourceLanguage,
            ["languages"] = s.Languages,
            ["thematicLine"] = line is null ? s.ThematicLineCode : line.ToContract(),
            ["subTheme"] = subTheme is null ? s.SubThemeCode : subTheme.ToContract(),
            ["organisers"] = s.Organisers,
            ["startsAt"] = s.StartsAt.UtcDateTime,
            ["endsAt"] = s.EndsAt.UtcDateTime,
            ["referenceTimeZones"] = s.ReferenceOffsets,
            ["platform"] = s.Platform,
            ["capacity"] = s.Capacity,
            ["registrationRequired"] = s.RegistrationRequired,
            ["documents"] = s.Documents,
            ["joinUrl"] = s.JoinUrl,
        };
        foreach (var field in TextFields.All)
        {
            fields[field] = s.Texts.GetValueOrDefault(field)?.OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        }
        return fields.ToDictionary(f => f.Key, f => JsonSerializer.Serialize(f.Value));
    }

    /// <summary>The session's thematic line and sub-theme as tracked (after <see cref="UpsertProgrammeAsync"/>), null where it names none or they are unknown.</summary>
    public static async Task<(ThematicLine? Line, SubTheme? SubTheme)> TopicsAsync(CatalogDbContext db, Session s, CancellationToken ct)
    {
        var line = s.ThematicLineCode is null ? null : await db.ThematicLines.FindAsync([s.ThematicLineCode], ct);
        var subTheme = s.SubThemeCode is null ? null : await db.SubThemes.FindAsync([s.SubThemeCode], ct);
        return (line, subTheme);
    }

    /// <summary>The event-carried state of the session with its thematic line and sub-theme.</summary>
    public static async Task<SessionSnapshot> SnapshotAsync(CatalogDbContext db, Session s, CancellationToken ct)
    {
        var (line, subTheme) = await TopicsAsync(db, s, ct);
        return s.ToSnapshot(line, subTheme);
    }

    /// <summary>
    /// Stages the events a change of a published session causes (nothing for drafts or no change)
    /// and refreshes derived columns. Call before <c>SaveChanges</c>.
    /// </summary>
    public static async Task ChangedAsync(CatalogDbContext db, Session s, Dictionary<string, string> before, DateTimeOffset now, CancellationToken ct)
    {
        s.RefreshSearchText();
        if (s.Status != SessionStatus.Published)
        {
            return;
        }
        var after = await FingerprintAsync(db, s, ct);
        var changed = after.Where(f => before.GetValueOrDefault(f.Key) != f.Value).Select(f => f.Key).ToList();
        if (changed.Count == 0)
        {
            return;
        }
        s.UpdatedAt = now;
        if (changed.Intersect(ScheduleFields).Any())
        {
            s.ScheduleVersion++;
            db.AddEvent(new SessionRescheduled(OutboxExtensions.NewEventId(), now, s.Id, s.StartsAt, s.EndsAt, s.ScheduleVersion));
        }
        var details = changed.Except(ScheduleFields).ToList();
        if (details.Count > 0)
        {
            db.AddEvent(new SessionUpdated(OutboxExtensions.NewEventId(), now, await SnapshotAsync(db, s, ct), details));
        }
    }

    /// <summary>Records the thematic line and sub-theme a session names, with their titles in <paramref name="language"/>.</summary>
    public static async Task UpsertProgrammeAsync(CatalogDbContext db, ProgrammeEntry? line, ProgrammeEntry? subTheme, string language, CancellationToken ct)
    {
        if (line is not null)
        {
            var entity = await db.ThematicLines.FirstOrDefaultAsync(t => t.Code == line.Code, ct);
            if (entity is null)
            {
                db.ThematicLines.Add(entity = new ThematicLine { Code = line.Code });
            }
            if (line.Title is not null)
            {
                entity.SetGivenTitle(language, line.Title);
            }
        }
        if (subTheme is not null)
        {
            var entity = await db.SubThemes.FirstOrDefaultAsync(t => t.Code == subTheme.Code, ct);
            if (entity is null)
            {
                db.SubThemes.Add(entity = new SubTheme { Code = subTheme.Code });
            }
            entity.ThematicLineCode = line?.Code ?? entity.ThematicLineCode;
            if (subTheme.Title is not null)
            {
                entity.SetGivenTitle(language, subTheme.Title);
            }
        }
    }

    /// <summary>The session as the API returns it to <paramref name="caller"/>, with its programme titles.</summary>
    public static async Task<SessionResponse> ResponseAsync(CatalogDbContext db, Session s, string? caller, CancellationToken ct)
    {
        var line = s.ThematicLineCode is null ? null : await db.ThematicLines.AsNoTracking().FirstOrDefaultAsync(t => t.Code == s.ThematicLineCode, ct);
        var sub = s.SubThemeCode is null ? null : await db.SubThemes.AsNoTracking().FirstOrDefaultAsync(t => t.Code == s.SubThemeCode, ct);
        return s.ToResponse(line, sub, caller);
    }

    /// <summary>Whether the save failed because another session took the same code meanwhile (unique index on <c>sessions.code</c>).</summary>
    public static bool IsUniqueViolation(DbUpdateException ex) =>
        ex.InnerException is Npgsql.PostgresException { SqlState: "23505", ConstraintName: "IX_sessions_code" };

    /// <summary>
    /// Saves a session change that called <see cref="UpsertProgrammeAsync"/> with the same
    /// arguments. Two partners naming a new thematic line or sub-theme at the same moment both add
    /// it; the second insert violates its key. Then the one that lost takes the row the other
    /// committed (its titles set again on it) and saves again, so neither gets a refusal for a
    /// session that does not exist (the bench's 8 concurrent creates under a new sub-theme got
    /// "409 Session … exists"). Any other failure is thrown as before.
    /// </summary>
    public static async Task SaveAsync(CatalogDbContext db, ProgrammeEntry? line, ProgrammeEntry? subTheme, string language, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException ex) when (attempt < 3 && ex.InnerException is Npgsql.PostgresException { SqlState: "23505", ConstraintName: "PK_thematic_lines" or "PK_sub_themes" })
            {
                foreach (var added in db.ChangeTracker.Entries()
                             .Where(e => e.State == EntityState.Added && e.Entity is ThematicLine or SubTheme).ToList())
                {
                    added.State = EntityState.Detached;
                }
                await UpsertProgrammeAsync(db, line, subTheme, language, ct);
            }
        }
    }
}
