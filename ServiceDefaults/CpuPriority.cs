using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Conference.ServiceDefaults;

/// <summary>
/// A service that works in the background of the attendees' requests (Notification, Translation,
/// Integration: they consume events that are already durable in an outbox) can give the request
/// path the CPU first: <c>Process:Nice</c> (0 to 19, Linux's nice value; the AppHost sets 19 for
/// those three) lowers the priority of every thread of the process. On Linux a nice value belongs
/// to a thread and a new thread inherits its creator's, so every thread that exists now is reniced
/// and every later one inherits it. Elsewhere, or without the setting, nothing changes.
/// </summary>
public static partial class CpuPriority
{
    /// <summary>Configuration key of the nice value.</summary>
    public const string NiceKey = "Process:Nice";

    /// <summary>Applies <see cref="NiceKey"/> when set; returns the threads reniced (0 when nothing was done).</summary>
    public static int Apply(IConfiguration configuration, ILogger? logger = null)
    {
        if (Configured(configuration) is not { } nice)
        {
            return 0;
        }
        var count = 0;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (int.TryParse(Path.GetFileName(task), out var tid) && SetPriority(PrioProcess, tid, nice) == 0)
            {
                count++;
            }
        }
        logger?.LogInformation("CPU priority lowered to nice {Nice} for {Threads} threads", nice, count);
        return count;
    }

    /// <summary>
    /// The nice value from <see cref="NiceKey"/>, or null when unset, zero or not on Linux (nothing to
    /// lower). Throws like <see cref="Apply"/> for a value outside 0 to 19.
    /// </summary>
    public static int? Configured(IConfiguration configuration)
    {
        var text = configuration[NiceKey];
        if (string.IsNullOrWhiteSpace(text) || !OperatingSystem.IsLinux())
        {
            return null;
        }
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var nice) || nice is < 0 or > 19)
        {
            throw new InvalidOperationException($"{NiceKey} must be a whole number from 0 to 19; it is '{text}'.");
        }
        return nice == 0 ? null : nice;
    }

    /// <summary>
    /// Lowers another process of this machine (or one thread of it) to <paramref name="nice"/>; false
    /// when the system refuses (not ours, gone). Used for the PostgreSQL backend that serves a
    /// background service's connection (Messaging's DatabaseBackendPriority).
    /// <para>
    /// Its autogroup is left alone. With autogroup scheduling (<c>/proc/sys/kernel/sched_autogroup_enabled</c>,
    /// on in Debian's kernels) Linux shares the CPU between autogroups before the nice values inside
    /// one count, and a PostgreSQL backend leads an autogroup of its own (the server forks it with
    /// <c>setsid</c>), so there the nice value alone changes little. Lowering the autogroup too was
    /// tried and undone: a backend that weighs 15 against 1024 and is preempted while it holds a lock
    /// the request path's backends wait for (WAL insertion, a buffer) stalls them all behind it
    /// (priority inversion); in its one run many sessions at 64 clients fell to 0.199 x pgbench, p99 217 ms
    /// (bench/results/2026-11-29-2332.md, against 0.245 x, p99 133 ms in -2317.md; the machine was busy in both).
    /// </para>
    /// </summary>
    public static bool TryLower(int pid, int nice) => pid > 0 && SetPriority(PrioProcess, pid, nice) == 0;

    /// <summary>
    /// The nice value of <paramref name="pid"/>'s autogroup (<c>/proc/&lt;pid&gt;/autogroup</c>, "/autogroup-N nice V"),
    /// or null when the kernel keeps none.
    /// </summary>
    public static int? AutogroupNiceOf(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/autogroup").Trim();
            var at = text.LastIndexOf(" nice ", StringComparison.Ordinal);
            return at >= 0 && int.TryParse(text.AsSpan(at + 6), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The nice value of thread <paramref name="tid"/> (this process's main thread when 0).</summary>
    public static int NiceOf(int tid = 0)
    {
        Marshal.SetLastPInvokeError(0);
        return GetPriority(PrioProcess, tid);
    }

    private const int PrioProcess = 0;

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int prio);

    [LibraryImport("libc", EntryPoint = "getpriority", SetLastError = true)]
    private static partial int GetPriority(int which, int who);
}
