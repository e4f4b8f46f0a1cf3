using Conference.Contracts;
using Conference.Translation.Data;
using Microsoft.EntityFrameworkCore;

namespace Conference.Translation.Sessions;

/// <summary>
/// Applies a session snapshot (from <c>SessionPublished</c> or <c>SessionUpdated</c>) to the local
/// copy: languages, organisers and source texts with their hashes (the session's texts and the titles
/// of its thematic line and sub-theme), then marks a translation job
/// pending for every session language other than the source. The worker decides field by field
/// what is missing or stale, so only fields whose source changed are redone. A snapshot older than
/// the one already applied changes nothing.
/// </summary>
internal sealed class SessionIntake(TranslationDbContext db, TimeProvider time)
{
    /// <summary>Stages the changes in the current unit of work (the inbox transaction).</summary>
    public async Task ApplyAsync(SessionSnapshot snapshot, DateTimeOffset occurredAt, CancellationToken ct)
    {
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == snapshot.SessionId, ct);
        if (session is null)
        {
            session = new SessionCopy { Id = snapshot.SessionId, SourceLanguage = snapshot.SourceLanguage };
            db.Sessions.Add(session);
        }
        else if (session.SnapshotAt > occurredAt)
        {
            return;
        }

        session.SourceLanguage = snapshot.SourceLanguage;
        session.Languages = snapshot.Languages.Distinct().ToList();
        session.Organisers = snapshot.Organisers.ToList();
        session.SnapshotAt = occurredAt;

        var sources = await db.SourceTexts.Where(s => s.SessionId == snapshot.SessionId).ToDictionaryAsync(s => s.Field, ct);
        foreach (var field in SessionFields.All)
        {
            var text = SourceOf(snapshot, field);
            sources.TryGetValue(field, out var existing);
            if (text.Length == 0)
            {
                if (existing is not null)
                {
                    db.SourceTexts.Remove(existing);
                }
            }
            else if (existing is null)
            {
                db.SourceTexts.Add(new SourceText { SessionId = session.Id, Field = field, Text = text, Hash = SourceText.HashOf(text) });
            }
            else if (existing.Text != text)
            {
                existing.Text = text;
                existing.Hash = SourceText.HashOf(text);
            }
        }
        await db.SaveChangesAsync(ct);

        var now = time.GetUtcNow();
        // The worker's span continues the trace of the event taken in here (publishing → translation → catalog).
        var traceParent = Conference.Messaging.Observability.TraceParents.Current ?? "";
        foreach (var language in session.Languages.Where(l => l != session.SourceLanguage))
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO translation_jobs (session_id, language, pending, version, attempts, next_attempt_at, trace_parent, requested_at)
                VALUES ({session.Id}, {language}, TRUE, 1, 0, {now}, NULLIF({traceParent}, ''), {now})
                ON CONFLICT (session_id, language) DO UPDATE
                SET pending = TRUE, version = translation_jobs.version + 1, attempts = 0, next_attempt_at = excluded.next_attempt_at, last_error = NULL,
                    trace_parent = excluded.trace_parent, requested_at = excluded.requested_at
                """, ct);
        }
        // No wake-up here: the inbox transaction is still open; the commit wakes the worker (TranslationSignal).
    }

    /// <summary>
    /// The source-language text of a field ("" when none): a session text, or the title of its thematic
    /// line or sub-theme (absent from snapshots sent before they were carried: then none).
    /// </summary>
    private static string SourceOf(SessionSnapshot snapshot, string field)
    {
        var byLanguage = field switch
        {
            SessionFields.ThematicLineTitle => snapshot.ThematicLine?.Title,
            SessionFields.SubThemeTitle => snapshot.SubTheme?.Title,
            _ => snapshot.Texts.GetValueOrDefault(field),
        };
        return byLanguage is not null && byLanguage.TryGetValue(snapshot.SourceLanguage, out var text) ? text.Trim() : "";
    }
}
