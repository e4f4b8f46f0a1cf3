using System.Text.Json;
using Conference.Bench.Stack;

namespace Conference.Bench.Load;

/// <summary>A wrk run: requests per second over the whole run, status counts, latency percentiles (ms).</summary>
internal sealed record WrkResult(string Command, long Requests, double Seconds, int SocketErrors, Dictionary<int, long> Statuses, double P50, double P90, double P99, double Max)
{
    public double PerSecond => Requests / Seconds;
    public long Count(int status) => Statuses.GetValueOrDefault(status);
    public long Errors => Requests - Statuses.Where(s => s.Key is >= 200 and < 300).Sum(s => s.Value) + SocketErrors;

    /// <summary>"0", or the count with its kinds: "12 (429 × 10, socket 2)".</summary>
    public string ErrorText => Errors == 0 ? "0" :
        $"{Errors} ({string.Join(", ", Statuses.Where(s => s.Key is < 200 or >= 300).Select(s => $"{s.Key} × {s.Value}").Append(SocketErrors > 0 ? $"socket {SocketErrors}" : null).OfType<string>())})";
}

/// <summary>
/// Runs wrk (closed loop: each connection sends its next request when the answer arrives) with one of
/// the Lua scripts in <c>bench/wrk</c>, which print a <c>BENCH {json}</c> line at the end.
/// </summary>
internal static class Wrk
{
    public static async Task<WrkResult> RunAsync(Paths paths, string script, string url, int connections, TimeSpan duration, Dictionary<string, string> env)
    {
        var threads = Math.Min(2, connections);
        string[] args = ["-t", threads.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c", connections.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-d", $"{(int)duration.TotalSeconds}s", "--timeout", "10s", "-s", Path.Combine(paths.Root, "bench", "wrk", script), url];
        var command = string.Join(' ', env.Select(e => $"{e.Key}={e.Value}")) + " wrk " + string.Join(' ', args);
        var (code, output, error) = await Shell.RunAsync("wrk", args, env, timeout: duration + TimeSpan.FromMinutes(1));
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith("BENCH ", StringComparison.Ordinal));
        if (code != 0 || line is null)
        {
            throw new InvalidOperationException($"wrk failed ({code}): {output} {error}");
        }
        var json = JsonDocument.Parse(line[6..]).RootElement;
        var statuses = json.GetProperty("statuses").EnumerateObject()
            .ToDictionary(p => int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture), p => p.Value.GetInt64());
        return new WrkResult(command, json.GetProperty("requests").GetInt64(), json.GetProperty("durationUs").GetInt64() / 1e6,
            json.GetProperty("socketErrors").GetInt32(), statuses,
            json.GetProperty("p50").GetDouble(), json.GetProperty("p90").GetDouble(), json.GetProperty("p99").GetDouble(), json.GetProperty("max").GetDouble());
    }
}
