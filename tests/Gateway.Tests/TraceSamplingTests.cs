using System.Diagnostics;
using Conference.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Trace;

namespace Conference.Gateway.Tests;

/// <summary>
/// Which journeys every service traces (ServiceDefaults' root sampler): all by default, the share
/// <c>Telemetry:TraceSampleRatio</c> when configured; never a root client span (polls, probes).
/// </summary>
public sealed class TraceSamplingTests
{
    private static SamplingDecision Decide(UnparentedClientSampler sampler, ActivityKind kind, ActivityTraceId traceId) =>
        sampler.ShouldSample(new SamplingParameters(default, traceId, "span", kind)).Decision;

    [Fact]
    public void By_default_every_journey_is_traced_and_no_unparented_client_span()
    {
        var sampler = new UnparentedClientSampler(UnparentedClientSampler.ConfiguredRatio(new ConfigurationBuilder().Build()));
        var ids = Enumerable.Range(0, 200).Select(_ => ActivityTraceId.CreateRandom()).ToList();

        Assert.All(ids, id => Assert.Equal(SamplingDecision.RecordAndSample, Decide(sampler, ActivityKind.Server, id)));
        Assert.All(ids, id => Assert.Equal(SamplingDecision.Drop, Decide(sampler, ActivityKind.Client, id)));
    }

    [Fact]
    public void A_configured_ratio_traces_about_that_share_of_journeys_decided_by_trace_id()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Telemetry:TraceSampleRatio", "0.25")]).Build();
        var sampler = new UnparentedClientSampler(UnparentedClientSampler.ConfiguredRatio(configuration));
        var ids = Enumerable.Range(0, 20_000).Select(_ => ActivityTraceId.CreateRandom()).ToList();

        var sampled = ids.Count(id => Decide(sampler, ActivityKind.Server, id) == SamplingDecision.RecordAndSample);

        Assert.InRange(sampled, 4_500, 5_500); // 25 % of 20,000 = 5,000; the binomial spread is about 61
        // The same trace id gets the same answer in every service, so a journey is kept whole.
        var other = new UnparentedClientSampler(0.25);
        Assert.All(ids.Take(500), id => Assert.Equal(Decide(sampler, ActivityKind.Consumer, id), Decide(other, ActivityKind.Consumer, id)));
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    [InlineData("a tenth")]
    public void A_ratio_outside_0_to_1_stops_the_service_with_the_key_named(string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Telemetry:TraceSampleRatio", value)]).Build();

        var error = Assert.Throws<InvalidOperationException>(() => UnparentedClientSampler.ConfiguredRatio(configuration));

        Assert.Contains("Telemetry:TraceSampleRatio", error.Message);
        Assert.Contains(value, error.Message);
    }
}
