using Conference.ServiceDefaults;
using Microsoft.Extensions.Configuration;

namespace Conference.Gateway.Tests;

/// <summary>ServiceDefaults' <c>Process:Nice</c>: every thread of the process, and those started later, run at that nice value (Linux).</summary>
public sealed class CpuPriorityTests
{
    private static IConfiguration Nice(string? value) =>
        new ConfigurationBuilder().AddInMemoryCollection([new(CpuPriority.NiceKey, value)]).Build();

    [Fact]
    public void Every_thread_now_and_later_takes_the_configured_nice_value()
    {
        Assert.True(OperatingSystem.IsLinux(), "these machines run Linux; nice values are its own");
        // 1: the smallest step down, so this test process is barely slowed for the tests after it.
        var threads = CpuPriority.Apply(Nice("1"));
        var later = -1;
        var thread = new Thread(() => later = CpuPriority.NiceOf());
        thread.Start();
        thread.Join();

        Assert.True(threads > 1, $"{threads} threads reniced");
        Assert.Equal(1, CpuPriority.NiceOf());
        Assert.Equal(1, later);
    }

    [Fact]
    public void Nothing_changes_without_the_setting() => Assert.Equal(0, CpuPriority.Apply(Nice(null)));

    [Theory]
    [InlineData("-5")]
    [InlineData("20")]
    [InlineData("low")]
    public void A_value_outside_0_to_19_stops_the_service_with_the_key_named(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => CpuPriority.Apply(Nice(value)));
        Assert.Contains("Process:Nice", error.Message);
    }
}
