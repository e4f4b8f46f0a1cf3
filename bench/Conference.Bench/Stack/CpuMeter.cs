using System.Globalization;

namespace Conference.Bench.Stack;

/// <summary>
/// Where the CPU goes: CPU time (user + system, from /proc/&lt;pid&gt;/stat) of each part of the system
/// under test, sampled before and after a piece of work. Per registration this is stable even when
/// other work shares the machine, so it tells which part costs what, where wall-clock figures only
/// say that the machine was busy. PostgreSQL and RabbitMQ count their whole process trees (exited
/// backends through the postmaster's reaped-children times); "Aspire" is the AppHost, the dashboard
/// and DCP with its proxies; "machine" is every CPU's busy time (/proc/stat), other work included.
/// PostgreSQL is also split by the database its backends serve (<see cref="PostgresDatabase"/>),
/// counting backends that lived through both samples; the rest of its tree (postmaster, WAL writer,
/// checkpointer, backends that started or ended in between) is only in the PostgreSQL total.
/// </summary>
internal sealed class CpuMeter(AppHostRun appHost)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public const string Postgres = "PostgreSQL";
    public const string RabbitMq = "RabbitMQ";
    public const string Aspire = "Aspire (AppHost, DCP proxies, dashboard)";
    public const string Bench = "bench client (wrk/pgbench, mail sink)";
    public const string Machine = "machine (all processes)";

    /// <summary>Component → CPU seconds used so far.</summary>
    public async Task<Dictionary<string, double>> SampleAsync()
    {
        var procs = ReadAll();
        var tree = TreeOf(procs);
        double Own(int pid) => procs.TryGetValue(pid, out var p) ? p.User + p.System : 0;
        double Reaped(int pid) => procs.TryGetValue(pid, out var p) ? p.ChildUser + p.ChildSystem : 0;
        double TreeTime(int root) => tree(root).Sum(Own) + Reaped(root);

        var result = new Dictionary<string, double>();
        var services = appHost.ServicePids();
        foreach (var (name, pid) in services)
        {
            result[name] = Own(pid) / TicksPerSecond;
        }
        if (await Shell.PortOwnerAsync(Servers.PostgresPort) is { } postmaster)
        {
            result[Postgres] = TreeTime(postmaster) / TicksPerSecond;
            // Backends by the database they serve (their process title: "postgres: user bench_registration host(port) state"),
            // so the request path's statements and the background services' can be told apart.
            foreach (var pid in tree(postmaster))
            {
                if (BackendDatabase(pid) is { } db)
                {
                    result[$"{PostgresDatabase(db)}{BackendMark}{pid}"] = Own(pid) / TicksPerSecond;
                }
            }
        }
        if (await Shell.PortOwnerAsync(Servers.RabbitMqPort) is { } beam)
        {
            result[RabbitMq] = TreeTime(beam) / TicksPerSecond;
        }
        result[Aspire] = AspirePids(procs, services, tree).Sum(Own) / TicksPerSecond;
        result[Bench] = TreeTime(Environment.ProcessId) / TicksPerSecond;
        result[Machine] = MachineBusy() / TicksPerSecond;
        return result;
    }

    /// <summary>Row name of the PostgreSQL backends serving database <paramref name="db"/> (the bench prefix dropped).</summary>
    public static string PostgresDatabase(string db) => $"PostgreSQL backends: {(db.StartsWith("bench_", StringComparison.Ordinal) ? db["bench_".Length..] : db)}";

    private static string? BackendDatabase(int pid)
    {
        try
        {
            var title = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
            var parts = title.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // "postgres: <user> <database> <host>(<port>) <state>"; auxiliary processes have no host part.
            return parts.Length >= 4 && parts[0] == "postgres:" && parts[3].Contains('(', StringComparison.Ordinal) ? parts[2] : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The AppHost, DCP and the dashboard: every process of their trees that is not a service's.</summary>
    public HashSet<int> AspirePids()
    {
        var procs = ReadAll();
        var tree = TreeOf(procs);
        return AspirePids(procs, appHost.ServicePids(), tree);
    }

    /// <summary>A process and all its descendants, from one reading of /proc.</summary>
    private static Func<int, IEnumerable<int>> TreeOf(Dictionary<int, Proc> procs)
    {
        var children = procs.Values.GroupBy(p => p.PPid).ToDictionary(g => g.Key, g => g.Select(p => p.Pid).ToList());
        return root =>
        {
            var all = new List<int>();
            var stack = new Stack<int>([root]);
            while (stack.Count > 0)
            {
                var pid = stack.Pop();
                all.Add(pid);
                foreach (var c in children.GetValueOrDefault(pid) ?? [])
                {
                    stack.Push(c);
                }
            }
            return all;
        };
    }

    private HashSet<int> AspirePids(Dictionary<int, Proc> procs, Dictionary<string, int> services, Func<int, IEnumerable<int>> tree)
    {
        var serviceTrees = services.Values.SelectMany(tree).ToHashSet();
        var roots = procs.Values.Where(p => p.Pid == appHost.ProcessId || (p.Comm == "dcp" && p.CommandLine.Contains($"--monitor {appHost.ProcessId}", StringComparison.Ordinal)));
        return [.. roots.SelectMany(p => tree(p.Pid)).Where(pid => !serviceTrees.Contains(pid))];
    }

    /// <summary>Per-unit CPU milliseconds between two samples.</summary>
    /// One backend's entry counts only when the backend lived at both samples (a backend that ended
    /// meanwhile is in the postmaster's reaped time, counted in <see cref="Postgres"/> only).
    public static Dictionary<string, double> PerUnit(Dictionary<string, double> before, Dictionary<string, double> after, long units)
    {
        var result = new Dictionary<string, double>();
        foreach (var (key, value) in after)
        {
            var mark = key.IndexOf(BackendMark, StringComparison.Ordinal);
            if (mark < 0)
            {
                result[key] = units == 0 ? 0 : (value - before.GetValueOrDefault(key)) * 1000 / units;
            }
            else if (before.TryGetValue(key, out var then))
            {
                var row = key[..mark];
                result[row] = result.GetValueOrDefault(row) + (units == 0 ? 0 : (value - then) * 1000 / units);
            }
        }
        return result;
    }

    private const string BackendMark = "|pid ";

    private sealed record Proc(int Pid, string Comm, int PPid, double User, double System, double ChildUser, double ChildSystem, string CommandLine);

    private static Dictionary<int, Proc> ReadAll()
    {
        var all = new Dictionary<int, Proc>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var close = stat.LastIndexOf(')');
                var comm = stat[(stat.IndexOf('(') + 1)..close];
                var f = stat[(close + 2)..].Split(' ');
                // After ")": state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
                var cmd = comm == "dcp" ? File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ') : "";
                all[pid] = new Proc(pid, comm, int.Parse(f[1], CultureInfo.InvariantCulture),
                    double.Parse(f[11], CultureInfo.InvariantCulture), double.Parse(f[12], CultureInfo.InvariantCulture),
                    double.Parse(f[13], CultureInfo.InvariantCulture), double.Parse(f[14], CultureInfo.InvariantCulture), cmd);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return all;
    }

    private static double MachineBusy()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal ...: busy = all - idle - iowait
        return cpu.Sum() - cpu[3] - cpu[4];
    }
}
