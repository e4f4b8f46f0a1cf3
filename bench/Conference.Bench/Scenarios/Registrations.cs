using Conference.Bench.Load;
using Conference.Bench.Stack;
using static Conference.Bench.Report;

namespace Conference.Bench.Scenarios;

/// <summary>
/// Registrations through the gateway (wrk, <c>bench/wrk/register.lua</c>, a new attendee per request)
/// against pgbench's single-statement registration on the same PostgreSQL, at 8, 32 and 64 clients.
/// <b>hot</b>: one session with 1,000,000 seats; <b>many</b>: spread over 1,000 sessions. Before each
/// pair the asynchronous side is drained (emails of the previous run sent), pgbench runs first, then
/// the gateway. Afterwards the seats are checked against the answers and the database.
/// </summary>
internal static class Registrations
{
    public const int Capacity = 1_000_000;

    public static async Task RunAsync(BenchRun run, bool many, int[] clients, TimeSpan duration)
    {
        var name = many ? "Many sessions (1,000)" : "Hot session";
        run.Report.Heading($"{name}: registrations through the gateway vs pgbench, {duration.TotalSeconds:F0} s each");
        var count = many ? 1000 : 1;
        var sessions = await PublishAsync(run, count, Capacity);
        var idsFile = Path.Combine(run.Paths.Data, many ? "many-sessions.txt" : "hot-session.txt");
        await File.WriteAllLinesAsync(idsFile, sessions.Select(s => s.ToString()));
        await Pgbench.PrepareAsync(Capacity);

        var pids = run.AppHost.ServicePids();
        if (!many)
        {
            foreach (var pid in pids.Values)
            {
                Shell.ResetPeak(pid);
            }
        }

        var rows = new List<string[]>();
        long created = 0;
        var ratios = new Dictionary<int, (double Ratio, double P99)>();
        foreach (var c in clients)
        {
            var drained = await run.DrainAsync(TimeSpan.FromMinutes(10));
            Console.WriteLine($"-- {c} clients (drained the previous run's events and emails in {drained.TotalSeconds:F0} s; load {BenchRun.LoadAverage()})");
            var pg = await Pgbench.RunAsync(run.Paths, c, duration, count);
            run.Report.Command(pg.Command);
            var env = new Dictionary<string, string> { ["BENCH_SESSIONS"] = idsFile, ["BENCH_RUN"] = $"{run.Stamp}{(many ? "m" : "h")}{c}" };
            var wrk = await Wrk.RunAsync(run.Paths, "register.lua", run.GatewayUrl, c, duration, env);
            run.Report.Command(wrk.Command);
            created += wrk.Count(201);
            var ratio = wrk.Count(201) / wrk.Seconds / pg.Tps;
            ratios[c] = (ratio, wrk.P99);
            rows.Add([c.ToString(System.Globalization.CultureInfo.InvariantCulture),
                N(wrk.Count(201) / wrk.Seconds), N(wrk.P50, 1), N(wrk.P99, 1), N(wrk.Errors),
                N(pg.Tps), N(pg.P50, 1), N(pg.P99, 1), N(pg.Failed),
                N(ratio, 2), BenchRun.LoadAverage()]);
        }
        run.Report.Table(["clients", "gateway reg/s", "p50 ms", "p99 ms", "errors", "pgbench tps", "p50 ms", "p99 ms", "failed", "ratio", "load avg"], rows);

        if (!many)
        {
            Memory(run, pids);
        }
        await CheckAsync(run, sessions, created);

        var top = clients.Max();
        var (r, p99) = ratios[top];
        run.Report.Summary($"{name} at {top} clients: {N(r, 2)} × pgbench's single statement (acceptance ≥ 0.25), p99 {N(p99, 0)} ms" +
            (many ? "" : " (acceptance < 250 ms)"));
        if (!many)
        {
            await SellOutAsync(run);
        }
    }

    /// <summary>Creates and publishes <paramref name="count"/> English-only sessions (nothing to translate) and waits until their seats are open.</summary>
    public static async Task<List<Guid>> PublishAsync(BenchRun run, int count, int capacity)
    {
        var ids = new List<Guid>();
        var gate = new SemaphoreSlim(8);
        var tasks = Enumerable.Range(0, count).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                return await run.Api.PublishSessionAsync(run.NextCode(), capacity);
            }
            finally
            {
                gate.Release();
            }
        });
        ids.AddRange(await Task.WhenAll(tasks));
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        var list = string.Join(",", ids.Select(i => $"'{i}'"));
        while (await Sql.LongAsync(Sql.Db("registration"), $"SELECT count(*) FROM session_seats WHERE session_id IN ({list})") < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Registration did not open every session within 5 minutes");
            }
            await Task.Delay(500);
        }
        return ids;
    }

    /// <summary>Peak resident memory of each service over the hot-session runs (VmHWM, reset before).</summary>
    private static void Memory(BenchRun run, Dictionary<string, int> pids)
    {
        run.Report.Heading("Memory: peak RSS of each service during the hot-session runs");
        run.Report.Table(["service", "peak RSS (VmHWM) MB", "RSS now MB"],
            pids.OrderBy(p => p.Key).Select(p => new[]
            {
                p.Key,
                N((Shell.StatusKb(p.Value, "VmHWM") ?? 0) / 1024.0),
                N((Shell.StatusKb(p.Value, "VmRSS") ?? 0) / 1024.0),
            }));
        run.Report.Line("Peaks were reset (`echo 5 > /proc/<pid>/clear_refs`) just before the first hot-session run and read from `/proc/<pid>/status` after the last.");
    }

    /// <summary>
    /// The seats against the answers (availability: confirmed ≤ capacity, confirmed + waitlisted =
    /// successful answers) and against the database (one registration row and one event per place).
    /// </summary>
    private static async Task CheckAsync(BenchRun run, List<Guid> sessions, long created)
    {
        long confirmed = 0, waitlisted = 0, over = 0;
        foreach (var id in sessions)
        {
            var a = await run.Api.AvailabilityAsync(id) ?? throw new InvalidOperationException($"no availability for {id}");
            confirmed += a.Confirmed;
            waitlisted += a.Waitlisted;
            over += Math.Max(0, a.Confirmed - a.Capacity);
        }
        var list = string.Join(",", sessions.Select(i => $"'{i}'"));
        var rows = await Sql.LongAsync(Sql.Db("registration"), $"SELECT count(*) FROM registrations WHERE session_id IN ({list})");
        var events = await Sql.LongAsync(Sql.Db("registration"),
            $"SELECT count(DISTINCT payload->'attendee'->>'registrationId') FROM outbox_messages WHERE message_type IN ('Conference.Contracts.RegistrationConfirmed','Conference.Contracts.RegistrationWaitlisted') AND payload->'attendee'->>'sessionId' IN ({list})");
        var ok = over == 0 && confirmed + waitlisted == created && rows == created && events == created;
        run.Report.Line($"Check {(ok ? "passed" : "FAILED")}: {N(created)} successful answers; availability confirmed {N(confirmed)} + waitlisted {N(waitlisted)} = {N(confirmed + waitlisted)}; " +
            $"oversold {N(over)}; registration rows {N(rows)}; registrations with their event in the outbox {N(events)}.");
    }

    /// <summary>A session of 500 seats sold out by 64 clients in 5 s: exactly 500 confirmed, the rest waitlisted, none lost.</summary>
    private static async Task SellOutAsync(BenchRun run)
    {
        const int seats = 500;
        var id = (await PublishAsync(run, 1, seats))[0];
        var file = Path.Combine(run.Paths.Data, "sellout-session.txt");
        await File.WriteAllTextAsync(file, id.ToString());
        var wrk = await Wrk.RunAsync(run.Paths, "register.lua", run.GatewayUrl, 64, TimeSpan.FromSeconds(5),
            new Dictionary<string, string> { ["BENCH_SESSIONS"] = file, ["BENCH_RUN"] = $"{run.Stamp}s" });
        run.Report.Command(wrk.Command);
        var a = await run.Api.AvailabilityAsync(id) ?? throw new InvalidOperationException("no availability");
        var ok = a.Confirmed == Math.Min(seats, wrk.Count(201)) && a.Confirmed + a.Waitlisted == wrk.Count(201);
        run.Report.Line($"Sell-out check {(ok ? "passed" : "FAILED")}: {seats} seats, 64 clients for 5 s: {N(wrk.Count(201))} successful answers, " +
            $"confirmed {N(a.Confirmed)}, waitlisted {N(a.Waitlisted)}, oversold {N(Math.Max(0, a.Confirmed - seats))}, errors {N(wrk.Errors)}.");
    }
}
