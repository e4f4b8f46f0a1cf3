using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Conference.Bench.Stack;

/// <summary>Processes and ports: what the bench needs of the operating system (Linux).</summary>
internal static class Shell
{
    /// <summary>Runs a command to completion; returns its exit code and output. Throws on timeout.</summary>
    public static async Task<(int Code, string Out, string Err)> RunAsync(
        string file, IEnumerable<string> args, IDictionary<string, string>? env = null, string? cwd = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = cwd ?? Environment.CurrentDirectory,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeout}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts a long-running command in its own session, detached, its output appended to <paramref name="log"/>.</summary>
    public static void StartDetached(string log, string file, params string[] args) => StartDetached(log, null, file, args);

    /// <summary>As <see cref="StartDetached(string, string, string[])"/>, with environment variables added.</summary>
    public static void StartDetached(string log, IReadOnlyDictionary<string, string>? env, string file, params string[] args)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        var info = new ProcessStartInfo("bash") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("setsid \"$0\" \"$@\" >>\"$BENCH_LOG\" 2>&1 < /dev/null &");
        info.ArgumentList.Add(file);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        info.Environment["BENCH_LOG"] = log;
        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}");
        process.WaitForExit();
    }

    /// <summary>True when something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static bool PortOpen(int port)
    {
        try
        {
            using var client = new TcpClient();
            var connect = client.ConnectAsync("127.0.0.1", port);
            return connect.Wait(TimeSpan.FromMilliseconds(500)) && client.Connected;
        }
        catch (AggregateException)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Waits until the port is open (or closed); false on timeout.</summary>
    public static async Task<bool> WaitPortAsync(int port, bool open, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (PortOpen(port) == open)
            {
                return true;
            }
            await Task.Delay(200);
        }
        return false;
    }

    /// <summary>The process listening on the TCP port (from <c>ss -ltnp</c>), or null.</summary>
    public static async Task<int?> PortOwnerAsync(int port)
    {
        var (_, output, _) = await RunAsync("ss", ["-ltnpH", $"sport = :{port}"]);
        var at = output.IndexOf("pid=", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }
        var end = output.IndexOf(',', at);
        return int.Parse(output[(at + 4)..end], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Sends a signal (TERM, INT, KILL, ...) to a process.</summary>
    public static Task SignalAsync(int pid, string signal) => RunAsync("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    public static bool Alive(int pid) => Directory.Exists($"/proc/{pid}");

    /// <summary>Waits for a process to exit; false on timeout.</summary>
    public static async Task<bool> WaitExitAsync(int pid, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (Alive(pid) && clock.Elapsed < timeout)
        {
            await Task.Delay(100);
        }
        return !Alive(pid);
    }

    /// <summary>A process's command line (NUL-separated arguments) and environment, read from /proc.</summary>
    public static (string[] Args, Dictionary<string, string> Env, string Cwd) Describe(int pid)
    {
        static string[] Split(byte[] raw) => Encoding.UTF8.GetString(raw).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        var args = Split(File.ReadAllBytes($"/proc/{pid}/cmdline"));
        var env = Split(File.ReadAllBytes($"/proc/{pid}/environ"))
            .Select(e => e.Split('=', 2))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0])
            .ToDictionary(g => g.Key, g => g.Last()[1]);
        var cwd = new DirectoryInfo($"/proc/{pid}/cwd").ResolveLinkTarget(false)?.FullName ?? "/";
        return (args, env, cwd);
    }

    /// <summary>A value of /proc/&lt;pid&gt;/status in kB (VmHWM, VmRSS), or null when the process is gone.</summary>
    public static long? StatusKb(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Resets a process's peak RSS (VmHWM) to its current RSS (Linux: clear_refs 5).</summary>
    public static void ResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
        }
        catch (IOException)
        {
            // gone, or not ours: the peak then covers the process's whole life, which the report says.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
