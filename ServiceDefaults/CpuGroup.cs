using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Conference.ServiceDefaults;

/// <summary>
/// The background services together in one Linux control group whose CPU weight is that of one
/// nice-19 process (<c>Process:CpuGroup</c>, a group name the AppHost sets for Notification,
/// Translation and Integration next to <c>Process:Nice</c>).
/// <para>
/// Why nice alone is not enough: with autogroup scheduling (<c>/proc/sys/kernel/sched_autogroup_enabled</c>,
/// on in Debian's kernels) Linux shares the CPU between autogroups first and applies nice values only
/// inside each. The orchestrator starts every service in one autogroup, so while the gateway and
/// Registration wait for PostgreSQL (whose backends each lead an autogroup of their own), that
/// autogroup's share went to the nice-19 services beside them: in a burst of registrations they still
/// took about a quarter of the machine (bench/: many sessions, CPU ms per registration during the burst).
/// A task in a control group of its own is scheduled as that group, against the autogroups, with the
/// group's weight: the three services then yield a busy machine and use an idle one (bench/, many
/// sessions, 64 clients: 0.17–0.19 ms of CPU per registration during the burst instead of 0.44–0.59,
/// results 2026-11-30-0029 and -0049).
/// </para>
/// Control groups v2 (<c>/sys/fs/cgroup/&lt;name&gt;</c>, <c>cpu.weight</c>) or v1
/// (<c>/sys/fs/cgroup/cpu/&lt;name&gt;</c>, <c>cpu.shares</c>). Needs the right to create a group
/// (root, or a delegated subtree); without it, or elsewhere than Linux, nothing changes and the
/// service runs on at its nice value.
/// </summary>
public static class CpuGroup
{
    /// <summary>Configuration key of the group's name.</summary>
    public const string NameKey = "Process:CpuGroup";

    /// <summary>Where the control groups are mounted.</summary>
    public static string Root { get; set; } = "/sys/fs/cgroup";

    /// <summary>
    /// Joins this process to the group named by <see cref="NameKey"/>, weighted as one task at
    /// <paramref name="nice"/>; returns the group's directory, or null when nothing was done.
    /// </summary>
    public static string? Apply(IConfiguration configuration, int nice, ILogger? logger = null)
    {
        var name = configuration[NameKey];
        if (string.IsNullOrWhiteSpace(name) || !OperatingSystem.IsLinux())
        {
            return null;
        }
        if (name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw new InvalidOperationException($"{NameKey} must be letters, digits, '-' and '_'; it is '{name}'.");
        }
        var joined = TryJoin(Environment.ProcessId, name, nice);
        if (joined is null)
        {
            logger?.LogWarning("Could not join CPU control group {Group} (no right to create it, or no cpu controller); running at nice {Nice} only", name, nice);
        }
        else
        {
            logger?.LogInformation("Joined CPU control group {Directory}, weighted as one task at nice {Nice}", joined, nice);
        }
        return joined;
    }

    /// <summary>
    /// Moves process <paramref name="pid"/> (all its threads) into group <paramref name="name"/>,
    /// created if needed with the weight of one task at <paramref name="nice"/>; returns the group's
    /// directory, or null when the system refuses.
    /// </summary>
    public static string? TryJoin(int pid, string name, int nice)
    {
        try
        {
            var v2 = Path.Combine(Root, "cgroup.controllers");
            if (File.Exists(v2) && File.ReadAllText(v2).Split(' ', StringSplitOptions.TrimEntries).Contains("cpu"))
            {
                var subtree = Path.Combine(Root, "cgroup.subtree_control");
                if (!File.ReadAllText(subtree).Split(' ', StringSplitOptions.TrimEntries).Contains("cpu"))
                {
                    File.WriteAllText(subtree, "+cpu");
                }
                return Join(Path.Combine(Root, name), "cpu.weight", Math.Max(1, (int)Math.Round(Weight(nice) * 100.0 / 1024)), pid);
            }
            var v1 = Path.Combine(Root, "cpu");
            if (File.Exists(Path.Combine(v1, "cpu.shares")))
            {
                return Join(Path.Combine(v1, name), "cpu.shares", Math.Max(2, Weight(nice)), pid);
            }
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The control group <paramref name="pid"/> is in for the cpu controller (v1), else its v2 group,
    /// from <c>/proc/&lt;pid&gt;/cgroup</c>; null when unreadable.
    /// </summary>
    public static string? GroupOf(int pid)
    {
        try
        {
            var lines = File.ReadAllLines($"/proc/{pid}/cgroup").Select(l => l.Split(':', 3)).Where(p => p.Length == 3).ToList();
            return (lines.FirstOrDefault(p => p[1].Split(',').Contains("cpu")) ?? lines.FirstOrDefault(p => p[0] == "0"))?[2];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // The kernel's weight of one task at a nice value: 1024 at 0, each step 1.25 times less (15 at 19).
    private static int Weight(int nice) => (int)Math.Round(1024 / Math.Pow(1.25, nice));

    private static string Join(string directory, string weightFile, int weight, int pid)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, weightFile), weight.ToString(CultureInfo.InvariantCulture));
        File.WriteAllText(Path.Combine(directory, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture));
        return directory;
    }
}
