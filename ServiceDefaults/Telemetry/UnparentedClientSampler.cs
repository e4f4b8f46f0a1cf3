using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Conference.ServiceDefaults.Telemetry;

/// <summary>
/// Root sampler: records every root span except client spans (database queries, HTTP calls) that
/// start outside any request, message or job — the outbox and mail polls every second, health
/// probes. Those would each be a one-span trace and bury the journeys on the dashboard. Work a poll
/// finds runs under its own span (outbox publish, SMTP send, translate session), which is recorded.
/// Wrapped in a <see cref="ParentBasedSampler"/>, so a child follows its parent's decision.
/// </summary>
internal sealed class UnparentedClientSampler : Sampler
{
    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.Kind == ActivityKind.Client
            ? new SamplingResult(SamplingDecision.Drop)
            : new SamplingResult(SamplingDecision.RecordAndSample);
}
