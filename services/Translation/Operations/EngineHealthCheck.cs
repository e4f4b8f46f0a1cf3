using Conference.Translation.Engines;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Conference.Translation.Operations;

/// <summary>
/// Readiness check <c>translation-engine</c> for the configured engine (<c>Translation:Engine</c>):
/// Apertium answers <c>GET /listPairs</c> (connection string <c>apertium</c>), LibreTranslate
/// <c>GET /languages</c> (connection string <c>libretranslate</c>); DeepL, a paid remote service, is
/// not probed (its failures show as failed jobs). Degraded (503) while the engine warms up at start
/// (<see cref="EngineWarmUp"/>, at most 20 s). The result is kept for 5 seconds. The probe has its
/// own plain HTTP client: no retries (a probe reports, it does not insist), so the error says why.
/// </summary>
internal sealed class EngineHealthCheck(IConfiguration configuration, TimeProvider time, EngineWarmUp warmUp) : IHealthCheck, IDisposable
{
    private static readonly TimeSpan Cache = TimeSpan.FromSeconds(5);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2.5) }; // within the 3 s every check gets
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, HealthCheckResult Result)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (warmUp.Warming)
        {
            return HealthCheckResult.Degraded($"Warming up the engine (at most {EngineWarmUp.MaxHold.TotalSeconds:F0} s after start)");
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_last is { } last && time.GetUtcNow() - last.At < Cache)
            {
                return last.Result;
            }
            var result = await ProbeAsync(context.Registration.FailureStatus, cancellationToken);
            _last = (time.GetUtcNow(), result);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<HealthCheckResult> ProbeAsync(HealthStatus failure, CancellationToken ct)
    {
        var engine = (configuration["Translation:Engine"] ?? "apertium").Trim().ToLowerInvariant();
        var probe = engine switch
        {
            "apertium" => (configuration.GetConnectionString("apertium") ?? "http://127.0.0.1:2737", "listPairs"),
            "libretranslate" => (configuration.GetConnectionString("libretranslate"), "languages"),
            _ => ((string?)null, (string?)null),
        };
        if (probe is not ({ } baseUrl, { } path))
        {
            return HealthCheckResult.Healthy($"The {engine} engine is not probed");
        }

        var url = new Uri(EngineRegistration.BaseUrl(baseUrl), path);
        try
        {
            using var response = await _http.GetAsync(url, ct);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy($"{engine} answers {url.AbsolutePath}")
                : new HealthCheckResult(failure, $"{engine} answers {url.AbsolutePath} with {(int)response.StatusCode}");
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            return new HealthCheckResult(failure, $"{engine} does not answer {url.AbsolutePath}: {ex.GetBaseException().Message}");
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _gate.Dispose();
    }
}
