using System.Globalization;
using System.Text.RegularExpressions;
using Conference.Bench.Stack;

namespace Conference.Bench.Load;

/// <summary>A pgbench run: transactions per second, latency percentiles (ms) from its per-transaction log.</summary>
internal sealed record PgbenchResult(string Command, double Tps, long Transactions, long Failed, double P50, double P99);

/// <summary>
/// The machine's own limit for a registration: pgbench running <c>bench/pgbench/register.sql</c> (seat
/// update + registration row + outbox row as one statement) against a copy of the Registration
/// service's tables in database <c>baseline</c> of the same PostgreSQL, in the same run.
/// </summary>
internal static partial class Pgbench
{
    public const string Database = "baseline";

    /// <summary>Creates <c>baseline</c> with the Registration service's own schema (pg_dump of its three tables) and 1,000 open sessions.</summary>
    public static async Task PrepareAsync(int capacity)
    {
        await Sql.RunAsync("postgres", $"DROP DATABASE IF EXISTS {Database} WITH (FORCE)");
        await Sql.RunAsync("postgres", $"CREATE DATABASE {Database}");
        var port = Servers.PostgresPort.ToString(CultureInfo.InvariantCulture);
        var (code, schema, error) = await Shell.RunAsync("pg_dump",
            ["-h", "127.0.0.1", "-p", port, "-U", "postgres", "--schema-only", "--no-owner", "-t", "session_seats", "-t", "registrations", "-t", "outbox_messages", Sql.Db("registration")]);
        if (code != 0)
        {
            throw new InvalidOperationException($"pg_dump: {error}");
        }
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, schema);
        var (restored, _, restoreError) = await Shell.RunAsync("psql", ["-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", Database, "-q", "-v", "ON_ERROR_STOP=1", "-f", file]);
        File.Delete(file);
        if (restored != 0)
        {
            throw new InvalidOperationException($"baseline schema: {restoreError}");
        }
        await ResetAsync(capacity);
    }

    /// <summary>Empties the baseline tables and opens sessions 1..1000 (ids 00000000-0000-0000-0000-00000000000k).</summary>
    public static async Task ResetAsync(int capacity)
    {
        await Sql.RunAsync(Database, "TRUNCATE session_seats, registrations, outbox_messages");
        await Sql.RunAsync(Database, $$"""
            INSERT INTO session_seats (session_id, capacity, confirmed, waitlisted, waitlist_sequence, starts_at, ends_at, status, organisers, languages, schedule_version, updated_at)
            SELECT ('00000000-0000-0000-0000-' || lpad(k::text, 12, '0'))::uuid, {{capacity}}, 0, 0, 0, now() + interval '5 years', now() + interval '5 years 90 minutes', 'open', '{OIT}', '{en}', 0, now()
            FROM generate_series(1, 1000) k
            """);
        await Sql.RunAsync(Database, "VACUUM ANALYZE");
    }

    public static async Task<PgbenchResult> RunAsync(Paths paths, int clients, TimeSpan duration, int sessions)
    {
        var logs = Path.Combine(paths.Data, "pgbench-log");
        if (Directory.Exists(logs))
        {
            Directory.Delete(logs, recursive: true);
        }
        Directory.CreateDirectory(logs);
        var c = clients.ToString(CultureInfo.InvariantCulture);
        string[] args = ["-h", "127.0.0.1", "-p", Servers.PostgresPort.ToString(CultureInfo.InvariantCulture), "-U", "postgres",
            "-n", "-M", "prepared", "-c", c, "-j", Math.Min(2, clients).ToString(CultureInfo.InvariantCulture),
            "-T", ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture), "-D", $"sessions={sessions}",
            "-f", Path.Combine(paths.Root, "bench", "pgbench", "register.sql"), "-l", "--log-prefix", Path.Combine(logs, "tx"), Database];
        var command = "pgbench " + string.Join(' ', args.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a)).Replace(logs, "<logdir>", StringComparison.Ordinal);
        var (code, output, error) = await Shell.RunAsync("pgbench", args, cwd: logs, timeout: duration + TimeSpan.FromMinutes(2));
        if (code != 0)
        {
            throw new InvalidOperationException($"pgbench failed ({code}): {output} {error}");
        }
        var text = output + error;
        var tps = double.Parse(TpsLine().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
        var processed = long.Parse(ProcessedLine().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
        var failedMatch = FailedLine().Match(text);
        var failed = failedMatch.Success ? long.Parse(failedMatch.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

        // Log line: client_id transaction_no time_us script_no epoch epoch_us
        var latencies = Directory.EnumerateFiles(logs)
            .SelectMany(File.ReadLines)
            .Select(l => l.Split(' '))
            .Where(p => p.Length >= 3 && long.TryParse(p[2], out _))
            .Select(p => long.Parse(p[2], CultureInfo.InvariantCulture) / 1000.0)
            .ToArray();
        Array.Sort(latencies);
        return new PgbenchResult(command, tps, processed, failed, Percentile.Of(latencies, 50), Percentile.Of(latencies, 99));
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsLine();

    [GeneratedRegex(@"number of transactions actually processed: (\d+)")]
    private static partial Regex ProcessedLine();

    [GeneratedRegex(@"number of failed transactions: (\d+)")]
    private static partial Regex FailedLine();
}

/// <summary>Percentiles of sorted samples (nearest rank).</summary>
internal static class Percentile
{
    public static double Of(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
