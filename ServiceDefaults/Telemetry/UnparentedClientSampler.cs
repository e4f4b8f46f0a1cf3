using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Conference.ServiceDefaults.Telemetry;

/// <summary>
/// Root sampler: records every root span except client spans (database queries, HTTP calls) that
/// start outside any request, message or job — the outbox and mail polls every second, health
/// probes. Those would each be a one-span trace and bury the journeys on the dashboard. Work a poll
/// finds runs under its own span (outbox publish, SMTP send, translate session), which is recorded.
/// Wrapped in a <see cref="ParentBasedSampler"/>, so a child follows its parent's decision — also
/// across services and the outbox, which carry the W3C sampled flag — and a journey is traced whole
/// or not at all. Of the other roots, the share <c>Telemetry:TraceSampleRatio</c> (0 to 1, by trace
/// id; default 1: every journey, as on the development dashboard) is recorded; a deployment under
/// load samples, e.g. 0.05.
/// </summary>
public sealed class UnparentedClientSampler(double ratio = 1.0) : Sampler
{
    /// <summary>Configuration key of the share of journeys traced.</summary>
    public const string RatioKey = "Telemetry:TraceSampleRatio";

    private readonly TraceIdRatioBasedSampler? _ratio = ratio >= 1.0 ? null : new TraceIdRatioBasedSampler(Math.Max(0, ratio));

    /// <summary>Drop for a root client span; else the ratio's decision (always record at 1).</summary>
    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.Kind == ActivityKind.Client
            ? new SamplingResult(SamplingDecision.Drop)
            : _ratio?.ShouldSample(samplingParameters) ?? new SamplingResult(SamplingDecision.RecordAndSample);

    /// <summary>The ratio configured under <see cref="RatioKey"/>; 1 when absent; an error naming the key when not a number from 0 to 1.</summary>
    public static double ConfiguredRatio(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var text = configuration[RatioKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return 1.0;
        }
        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) || value is < 0 or > 1)
        {
            throw new InvalidOperationException($"{RatioKey} must be a number from 0 to 1 (the share of journeys traced); it is '{text}'.");
        }
        return value;
    }
}
