using Conference.Messaging;
using Conference.Translation.Data;
using Conference.Translation.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Conference.Translation.Operations;

/// <summary>
/// What ops staff see and do for Translation: its metrics (<see cref="TranslationMetrics"/>), the
/// engine readiness check, and the ops actions <c>POST /ops/outbox/relay</c> and
/// <c>POST /ops/translations/rerun-stale</c> (ops key required; docs: operations.md).
/// </summary>
internal static class TranslationOperations
{
    public static IHostApplicationBuilder AddTranslationOperations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TranslationMetrics>();
        builder.Services.AddHostedService<TranslationJobsMonitor>();
        builder.Services.AddSingleton<EngineHealthCheck>();
        builder.Services.AddHealthChecks().AddCheck<EngineHealthCheck>("translation-engine", tags: ["ready"]);
        return builder;
    }

    public static WebApplication MapTranslationOperations(this WebApplication app)
    {
        var ops = app.MapOps().MapOutboxRelay();
        ops.MapPost("/translations/rerun-stale", RerunStale)
            .WithName("RerunStaleTranslations").WithSummary("Ops: run now every translation that is waiting, backing off or out of date");
        return app;
    }

    /// <summary>
    /// Makes due now every pending job that waits out a back-off, and marks pending (a new version)
    /// every session language whose machine translation is missing a field or was made from an older
    /// source text (reviewed texts are never replaced). 200 <see cref="OpsResult"/> with the number
    /// of jobs touched. Use once the engine is back.
    /// </summary>
    public static async Task<Ok<OpsResult>> RerunStale(TranslationDbContext db, TranslationSignal signal, TimeProvider time, ILogger<TranslationMetrics> logger, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var due = await db.Jobs
            .Where(j => j.Pending && j.NextAttemptAt > now && (j.LeasedUntil == null || j.LeasedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.NextAttemptAt, now), ct);

        var sessions = await db.Sessions.AsNoTracking().Where(s => !s.Cancelled).ToListAsync(ct);
        var sources = (await db.SourceTexts.AsNoTracking().ToListAsync(ct)).ToLookup(s => s.SessionId);
        var translations = (await db.Translations.AsNoTracking().ToListAsync(ct)).ToLookup(t => (t.SessionId, t.Language));
        var pending = (await db.Jobs.AsNoTracking().Where(j => j.Pending).Select(j => new { j.SessionId, j.Language }).ToListAsync(ct))
            .Select(j => (j.SessionId, j.Language)).ToHashSet();
        var stale = 0;
        foreach (var session in sessions)
        {
            foreach (var language in session.Languages.Where(l => l != session.SourceLanguage && !pending.Contains((session.Id, l))))
            {
                var done = translations[(session.Id, language)].ToDictionary(t => t.Field);
                var outdated = sources[session.Id].Any(s => !done.TryGetValue(s.Field, out var t) || (t.Origin == Origins.Machine && t.SourceHash != s.Hash));
                if (!outdated)
                {
                    continue;
                }
                stale++;
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO translation_jobs (session_id, language, pending, version, attempts, next_attempt_at, requested_at)
                    VALUES ({session.Id}, {language}, TRUE, 1, 0, {now}, {now})
                    ON CONFLICT (session_id, language) DO UPDATE
                    SET pending = TRUE, version = translation_jobs.version + 1, attempts = 0, next_attempt_at = excluded.next_attempt_at,
                        last_error = NULL, requested_at = excluded.requested_at
                    """, ct);
            }
        }
        signal.Notify();
        logger.LogWarning("Ops: {Due} waiting translation jobs made due now, {Stale} out-of-date session languages queued", due, stale);
        return TypedResults.Ok(new OpsResult("rerun-stale-translations", due + stale));
    }
}
