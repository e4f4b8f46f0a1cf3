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

/// <summary>
/// ServiceDefaults' <c>Process:CpuGroup</c>: a background service's process joins a Linux control
/// group weighted as one task at its nice value (tested on a child process, not on the test host).
/// </summary>
public sealed class CpuGroupTests
{
    [Fact]
    public async Task A_process_joins_a_group_weighted_as_one_task_at_its_nice_value()
    {
        Assert.True(OperatingSystem.IsLinux(), "these machines run Linux");
        var name = $"conference-test-{Guid.NewGuid():N}";
        using var child = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        string? directory = null;
        try
        {
            directory = CpuGroup.TryJoin(child.Id, name, 19);

            Assert.NotNull(directory); // the tests run as root on these machines, as the AppHost's services do
            Assert.Equal($"/{name}", CpuGroup.GroupOf(child.Id));
            Assert.NotEqual($"/{name}", CpuGroup.GroupOf(Environment.ProcessId));
            var weight = File.Exists(Path.Combine(directory, "cpu.shares"))
                ? File.ReadAllText(Path.Combine(directory, "cpu.shares")).Trim() // v1: 1024 is nice 0
                : File.ReadAllText(Path.Combine(directory, "cpu.weight")).Trim(); // v2: 100 is nice 0
            Assert.Contains(weight, new[] { "15", "1" });
        }
        finally
        {
            child.Kill();
            await child.WaitForExitAsync();
            if (directory is not null)
            {
                for (var i = 0; i < 50 && Directory.Exists(directory); i++)
                {
                    try
                    {
                        Directory.Delete(directory); // rmdir: the kernel removes an empty group
                    }
                    catch (IOException)
                    {
                        await Task.Delay(20); // the killed child may not have left it yet
                    }
                }
            }
        }
    }

    [Fact]
    public void Nothing_changes_without_the_setting() =>
        Assert.Null(CpuGroup.Apply(new ConfigurationBuilder().Build(), 19));

    [Fact]
    public void A_group_name_that_is_a_path_stops_the_service_with_the_key_named()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(CpuGroup.NameKey, "../escape")]).Build();

        var error = Assert.Throws<InvalidOperationException>(() => CpuGroup.Apply(configuration, 19));

        Assert.Contains("Process:CpuGroup", error.Message);
    }
}
