using System.Diagnostics;
using Conference.Contracts;
using Conference.Messaging.Observability;
using Conference.Messaging.Outbox;
using Conference.Translation.Data;
using Conference.Translation.Glossary;
using Conference.Translation.Memory;
using Conference.Translation.Operations;
using Microsoft.EntityFrameworkCore;

namespace Conference.Translation.Sessions;

/// <summary>
/// Runs pending translation jobs (one session, one target language): claims a job with a lease
/// (<c>FOR UPDATE SKIP LOCKED</c>, so replicas share the work), translates outside any database
/// transaction the fields that lack a current translation, then in one short transaction stores
/// them (never over a reviewed text) and stages <c>SessionTranslated</c> (origin <c>machine</c>) in
/// the outbox. When the engine fails the job waits with exponential back-off (2 s doubling to
/// 5 minutes) and is tried again, so no work is lost while an engine is down. <see cref="Workers"/>
/// loops claim jobs; a commit in Translation's database wakes them (<see cref="TranslationSignal"/>),
/// a one-second poll is the guarantee.
/// </summary>
internal sealed class TranslationWorker(
    IServiceScopeFactory scopes,
    TranslationSignal signal,
    TimeProvider time,
    TranslationMetrics metrics,
    ILogger<TranslationWorker> logger) : BackgroundService
{
    internal static readonly ActivitySource Source = new("Conference.Translation");
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Jobs run side by side (the languages of one session: on 2 cores Apertium's pipelines for two
    /// pairs run at once, and one job's database work overlaps the other's engine call).
    /// </summary>
    internal const int Workers = 2;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(() => LoopAsync(stoppingToken), stoppingToken)));

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await RunNextAsync(stoppingToken))
                {
                    await signal.WaitAsync(Poll, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Translation worker failed; retrying");
                await Task.Delay(Poll, stoppingToken);
            }
        }
    }

    /// <summary>Claims and runs one due job; false when none is due.</summary>
    public async Task<bool> RunNextAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TranslationDbContext>();
        var now = time.GetUtcNow();
        var leaseEnd = now + Lease;
        var claimed = await db.Database.SqlQuery<ClaimedJob>($"""
            UPDATE translation_jobs j SET leased_until = {leaseEnd}
            FROM (SELECT session_id, language FROM translation_jobs
                  WHERE pending AND next_attempt_at <= {now} AND (leased_until IS NULL OR leased_until < {now})
                  ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED) due
            WHERE j.session_id = due.session_id AND j.language = due.language
            RETURNING j.session_id AS "SessionId", j.language AS "Language", j.version AS "Version", j.attempts AS "Attempts",
                      j.trace_parent AS "TraceParent", j.requested_at AS "RequestedAt"
            """).ToListAsync(ct);
        if (claimed.Count == 0)
        {
            return false;
        }

        var job = claimed[0];
        // One commit wakes one waiting worker: pass the wake-up on, so another job due now starts beside this one.
        signal.Notify();
        // One span per job, continuing the trace of the session event that asked for it.
        using var activity = Source.StartContinuation("translate session", ActivityKind.Internal, job.TraceParent);
        activity?.SetTag(EventIds.SessionId, job.SessionId.ToString());
        activity?.SetTag("translation.language", job.Language);
        using var logScope = logger.BeginScope(EventIds.Scope(job.SessionId, null));
        var translator = scope.ServiceProvider.GetRequiredService<TextTranslator>();
        try
        {
            await RunAsync(db, translator, job, now, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            metrics.Failed(translator.EngineName);
            var attempts = job.Attempts + 1;
            var delay = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, 2 * Math.Pow(2, Math.Min(attempts - 1, 16))));
            logger.LogWarning(ex, "Translating session {SessionId} into {Language} failed (attempt {Attempts}); retrying in {Delay}", job.SessionId, job.Language, attempts, delay);
            var error = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
            var next = time.GetUtcNow() + delay;
            db.ChangeTracker.Clear();
            await db.Jobs.Where(j => j.SessionId == job.SessionId && j.Language == job.Language)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1)
                    .SetProperty(j => j.NextAttemptAt, next)
                    .SetProperty(j => j.LeasedUntil, (DateTimeOffset?)null)
                    .SetProperty(j => j.LastError, error), CancellationToken.None);
        }
        return true;
    }

    private async Task RunAsync(TranslationDbContext db, TextTranslator translator, ClaimedJob job, DateTimeOffset claimedAt, CancellationToken ct)
    {
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == job.SessionId, ct);
        var sources = await db.SourceTexts.AsNoTracking().Where(s => s.SessionId == job.SessionId).ToListAsync(ct);
        var existing = await db.Translations.AsNoTracking()
            .Where(t => t.SessionId == job.SessionId && t.Language == job.Language).ToDictionaryAsync(t => t.Field, ct);

        var wanted = session is { Cancelled: false } && session.Languages.Contains(job.Language) && session.SourceLanguage != job.Language
            ? sources.Where(s => !existing.TryGetValue(s.Field, out var t) || (t.Origin == Origins.Machine && t.SourceHash != s.Hash)).ToList()
            : [];

        Dictionary<string, string> texts = [];
        TimeSpan? engineTime = null;
        if (wanted.Count > 0)
        {
            var from = session!.SourceLanguage;
            var glossary = GlossaryProtector.For(await db.Glossary.AsNoTracking().ToListAsync(ct), from, job.Language);
            var memory = await LoadMemoryAsync(db, wanted, from, job.Language, ct);
            var started = Stopwatch.GetTimestamp();
            // The engine call happens here, with no transaction open.
            texts = await translator.TranslateAsync(wanted.ToDictionary(s => s.Field, s => s.Text), from, job.Language, glossary, memory, ct);
            engineTime = Stopwatch.GetElapsedTime(started);
            logger.LogInformation("Translated {Count} fields of session {SessionId} from {From} into {Language} with {Engine} in {Elapsed} ms",
                texts.Count, job.SessionId, from, job.Language, translator.EngineName, (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            foreach (var (field, text) in texts)
            {
                var limit = SessionFields.WordLimit(field);
                var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Count(w => w.Any(char.IsLetterOrDigit));
                if (limit is { } max && words > max)
                {
                    logger.LogWarning("Machine translation of {Field} of session {SessionId} into {Language} has {Words} words, over the card's limit of {Limit}",
                        field, job.SessionId, job.Language, words, max);
                }
            }
        }

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var now = time.GetUtcNow();
            var written = new Dictionary<string, string>();
            foreach (var source in wanted)
            {
                // Store only if the source is still the one translated and no person reviewed it meanwhile.
                var rows = await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO translations (session_id, language, field, text, origin, engine, source_hash, translated_at)
                    SELECT {job.SessionId}, {job.Language}, {source.Field}, {texts[source.Field]}, 'machine', {translator.EngineName}, {source.Hash}, {now}
                    WHERE EXISTS (SELECT 1 FROM source_texts s WHERE s.session_id = {job.SessionId} AND s.field = {source.Field} AND s.hash = {source.Hash})
                    ON CONFLICT (session_id, language, field) DO UPDATE
                    SET text = excluded.text, origin = excluded.origin, engine = excluded.engine, source_hash = excluded.source_hash, translated_at = excluded.translated_at
                    WHERE translations.origin <> 'reviewed'
                    """, ct);
                if (rows > 0)
                {
                    written[source.Field] = texts[source.Field];
                }
            }
            // Machine texts whose source field was emptied go too.
            await db.Translations
                .Where(t => t.SessionId == job.SessionId && t.Language == job.Language && t.Origin == Origins.Machine
                    && !db.SourceTexts.Any(s => s.SessionId == t.SessionId && s.Field == t.Field))
                .ExecuteDeleteAsync(ct);
            if (written.Count > 0)
            {
                db.AddEvent(new SessionTranslated(OutboxExtensions.NewEventId(), now, job.SessionId, job.Language, written, Origins.Machine, translator.EngineName));
                await db.SaveChangesAsync(ct);
            }
            await db.Jobs.Where(j => j.SessionId == job.SessionId && j.Language == job.Language)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Pending, j => j.Version != job.Version)
                    .SetProperty(j => j.Attempts, 0)
                    .SetProperty(j => j.LeasedUntil, (DateTimeOffset?)null)
                    .SetProperty(j => j.LastError, (string?)null)
                    .SetProperty(j => j.CompletedAt, now), ct);
            await tx.CommitAsync(ct);
            metrics.Completed(translator.EngineName, job.Language, written.Count, job.RequestedAt is { } requested ? now - requested : null, engineTime);
            if (job.RequestedAt is { } asked)
            {
                logger.LogInformation("Session {SessionId} into {Language}: {Written} fields stored {Total} ms after the request (claimed after {Pickup} ms, engine {Engine} ms)",
                    job.SessionId, job.Language, written.Count, (int)(time.GetUtcNow() - asked).TotalMilliseconds, (int)(claimedAt - asked).TotalMilliseconds,
                    (int)(engineTime?.TotalMilliseconds ?? 0));
            }
        });
    }

    private static async Task<Dictionary<string, string>> LoadMemoryAsync(TranslationDbContext db, List<SourceText> sources, string from, string to, CancellationToken ct)
    {
        var hashes = sources.SelectMany(s => Segments.Parse(s.Text)).Where(l => l.Content.Length > 0)
            .Select(l => SourceText.HashOf(l.Content)).Distinct().ToList();
        return await db.Memory.AsNoTracking()
            .Where(m => m.SourceLanguage == from && m.TargetLanguage == to && hashes.Contains(m.SourceHash))
            .ToDictionaryAsync(m => m.SourceHash, m => m.TargetText, ct);
    }

    private sealed record ClaimedJob(Guid SessionId, string Language, int Version, int Attempts, string? TraceParent, DateTimeOffset? RequestedAt);
}
