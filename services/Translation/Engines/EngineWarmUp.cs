using System.Diagnostics;

namespace Conference.Translation.Engines;

/// <summary>
/// Warms the configured engine when the service starts (<see cref="ITranslationEngine.WarmUpAsync"/>
/// for the forum languages: with Apertium, one short request per hop, so its pipelines are running
/// before the first session arrives instead of costing that session seconds). Runs beside startup;
/// readiness waits for it (<see cref="Warming"/>) at most <see cref="MaxHold"/>. An engine that is
/// down is tried again every <see cref="RetryEvery"/> for <see cref="GiveUpAfter"/>, without holding
/// readiness (the engine check reports it); jobs then start the pipelines themselves.
/// </summary>
internal sealed class EngineWarmUp(IServiceScopeFactory scopes, TimeProvider time, ILogger<EngineWarmUp> logger) : BackgroundService
{
    /// <summary>Longest time readiness waits for the warm-up.</summary>
    public static readonly TimeSpan MaxHold = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);
    private readonly DateTimeOffset _started = time.GetUtcNow();
    private volatile bool _settled;

    /// <summary>True while the first warm-up attempt runs, for at most <see cref="MaxHold"/> after start.</summary>
    public bool Warming => !_settled && time.GetUtcNow() - _started < MaxHold;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var engine = scope.ServiceProvider.GetRequiredService<ITranslationEngine>();
        var clock = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var warmed = await engine.WarmUpAsync(LanguageCodes.Forum, stoppingToken);
                if (warmed.Count > 0)
                {
                    logger.LogInformation("Warmed up {Engine} in {Elapsed} ms: {Hops}", engine.Name, (int)clock.Elapsed.TotalMilliseconds, string.Join(", ", warmed));
                }
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _settled = true;
                if (clock.Elapsed + RetryEvery > GiveUpAfter)
                {
                    logger.LogWarning(ex, "Warming up {Engine} failed for {Elapsed} s ({Attempts} attempts); the first jobs will start it", engine.Name, (int)clock.Elapsed.TotalSeconds, attempt);
                    return;
                }
                logger.LogInformation("Warming up {Engine} failed (attempt {Attempt}: {Error}); trying again in {Delay} s", engine.Name, attempt, ex.GetBaseException().Message, RetryEvery.TotalSeconds);
                await Task.Delay(RetryEvery, time, stoppingToken);
            }
            finally
            {
                _settled = true;
            }
        }
    }
}
