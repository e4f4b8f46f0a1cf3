using System.Runtime.InteropServices;

namespace Conference.Bench.Stack;

/// <summary>
/// Linux nice values for the bench's own helpers. The development orchestrator (AppHost, DCP, the
/// Aspire dashboard that receives every log and metric) is not part of the system a forum deploys:
/// in a deployment the telemetry goes to a collector elsewhere. The bench runs it at
/// <c>BENCH_ASPIRE_NICE</c> (default 19, 0 to leave it as started), like the system's own background
/// work, and says so in the results.
/// </summary>
internal static partial class Priority
{
    /// <summary>The nice value for the orchestrator and dashboard (0 = unchanged).</summary>
    public static int AspireNice { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("BENCH_ASPIRE_NICE"), out var n) && n is >= 0 and <= 19 ? n : 19;

    /// <summary>Sets every thread of each process to <paramref name="nice"/>; returns the threads changed.</summary>
    public static int Lower(IEnumerable<int> pids, int nice)
    {
        var count = 0;
        foreach (var pid in pids)
        {
            IEnumerable<string> tasks;
            try
            {
                tasks = Directory.EnumerateDirectories($"/proc/{pid}/task").ToList();
            }
            catch (DirectoryNotFoundException)
            {
                continue;
            }
            foreach (var task in tasks)
            {
                if (int.TryParse(Path.GetFileName(task), out var tid) && SetPriority(0, tid, nice) == 0)
                {
                    count++;
                }
            }
        }
        return count;
    }

    /// <summary>
    /// Gives <paramref name="nice"/> to the autogroups of <paramref name="pids"/> that hold none of
    /// <paramref name="keep"/> (the services). With autogroup scheduling on
    /// (<c>/proc/sys/kernel/sched_autogroup_enabled</c>), Linux shares the CPU between sessions before
    /// a thread's nice value counts, so a process in a session of its own (DCP starts with setsid)
    /// keeps a full share whatever its threads' nice values. Returns the autogroups changed.
    /// </summary>
    public static int LowerAutogroups(IEnumerable<int> pids, IEnumerable<int> keep, int nice)
    {
        var kept = keep.Select(Autogroup).Where(g => g is not null).ToHashSet();
        var changed = new HashSet<string>();
        foreach (var pid in pids)
        {
            var group = Autogroup(pid);
            if (group is null || kept.Contains(group) || changed.Contains(group))
            {
                continue;
            }
            try
            {
                File.WriteAllText($"/proc/{pid}/autogroup", nice.ToString(System.Globalization.CultureInfo.InvariantCulture));
                changed.Add(group);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone, or not ours to change: its threads keep the nice value set by Lower.
            }
        }
        return changed.Count;
    }

    /// <summary>The autogroup's name (<c>/autogroup-N</c>) of a process; null when it is gone or autogroups are off.</summary>
    private static string? Autogroup(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/autogroup");
            return text.Split(' ', 2)[0];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int prio);
}
