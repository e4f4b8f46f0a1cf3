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

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int prio);
}
