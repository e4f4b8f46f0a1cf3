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
        if (!many)
        {
            await WarmUpAsync(run);
        }

        var pids = run.AppHost.ServicePids();
        if (!many)
        {
            foreach (var pid in pids.Values)
            {
                Shell.ResetPeak(pid);
            }
        }

        var rows = new List<string[]>();
        long answered = 0, inFlight = 0;
        var ratios = new Dictionary<int, (double Ratio, double P99)>();
        var meter = new CpuMeter(run.AppHost);
        var cpu = new Dictionary<string, Dictionary<string, double>>();
        var list = string.Join(",", sessions.Select(i => $"'{i}'"));
        foreach (var c in clients)
        {
            var drained = await run.DrainAsync(TimeSpan.FromMinutes(10));
            Console.WriteLine($"-- {c} clients (drained the previous run's events and emails in {drained.TotalSeconds:F0} s; load {BenchRun.LoadAverage()})");
            var before = await meter.SampleAsync();
            var pg = await Pgbench.RunAsync(run.Paths, c, duration, count);
            run.Report.Command(pg.Command);
            cpu[$"pgbench, {c} clients"] = CpuMeter.PerUnit(before, await meter.SampleAsync(), pg.Transactions);

            var env = new Dictionary<string, string> { ["BENCH_SESSIONS"] = idsFile, ["BENCH_RUN"] = $"{run.Stamp}{(many ? "m" : "h")}{c}" };
            var rowsBefore = await Sql.LongAsync(Sql.Db("registration"), $"SELECT count(*) FROM registrations WHERE session_id IN ({list})");
            before = await meter.SampleAsync();
            var wrk = await Wrk.RunAsync(run.Paths, "register.lua", run.GatewayUrl, c, duration, env);
            run.Report.Command(wrk.Command);
            var during = await meter.SampleAsync();
            var madeDuring = await Sql.LongAsync(Sql.Db("registration"), $"SELECT count(*) FROM registrations WHERE session_id IN ({list})") - rowsBefore;
            cpu[$"gateway, {c} clients, during the run"] = CpuMeter.PerUnit(before, during, madeDuring);
            var drain = await run.DrainAsync(TimeSpan.FromMinutes(10));
            var made = await Sql.LongAsync(Sql.Db("registration"), $"SELECT count(*) FROM registrations WHERE session_id IN ({list})") - rowsBefore;
            cpu[$"gateway, {c} clients, until drained"] = CpuMeter.PerUnit(before, await meter.SampleAsync(), made);
            answered += wrk.Count(201);
            inFlight += made - wrk.Count(201);
            var ratio = wrk.Count(201) / wrk.Seconds / pg.Tps;
            ratios[c] = (ratio, wrk.P99);
            rows.Add([c.ToString(System.Globalization.CultureInfo.InvariantCulture),
                N(wrk.Count(201) / wrk.Seconds), N(wrk.P50, 1), N(wrk.P99, 1), wrk.ErrorText,
                N(pg.Tps), N(pg.P50, 1), N(pg.P99, 1), N(pg.Failed),
                N(ratio, 3), N(drain.TotalSeconds), BenchRun.LoadAverage()]);
        }
        run.Report.Table(["clients", "gateway reg/s", "p50 ms", "p99 ms", "errors", "pgbench tps", "p50 ms", "p99 ms", "failed", "ratio", "emails sent after, s", "load avg"], rows);
        CpuTable(run, cpu);

        if (!many)
        {
            Memory(run, pids);
        }
        await CheckAsync(run, sessions, answered, inFlight);

        var top = clients.Max();
        var (r, p99) = ratios[top];
        run.Report.Summary($"{name} at {top} clients: {N(r, 3)} × pgbench's single statement (acceptance ≥ 0.25), p99 {N(p99, 0)} ms" +
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
    private static async Task CheckAsync(BenchRun run, List<Guid> sessions, long answered, long inFlight)
    {
        var created = answered + inFlight;
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
        var ok = over == 0 && confirmed + waitlisted == created && rows == created && events == created && inFlight >= 0;
        run.Report.Line($"Check {(ok ? "passed" : "FAILED")}: {N(answered)} successful answers counted by wrk, plus {N(inFlight)} taken by requests still in flight when wrk stopped " +
            $"(wrk does not wait for them; at most one per client and run); availability confirmed {N(confirmed)} + waitlisted {N(waitlisted)} = {N(confirmed + waitlisted)}; " +
            $"oversold {N(over)}; registration rows {N(rows)}; registrations with their event in the outbox {N(events)}. The sell-out check below counts every answer.");
    }

    /// <summary>
    /// A session of 200 seats and 400 attendees, 64 at a time, every answer counted (this client waits
    /// for each): exactly 200 confirmed, 200 waitlisted, confirmed + waitlisted = successful answers.
    /// </summary>
    private static async Task SellOutAsync(BenchRun run)
    {
        const int seats = 200, attendees = 400;
        var id = (await PublishAsync(run, 1, seats))[0];
        var answers = new System.Collections.Concurrent.ConcurrentBag<RegisterAnswer>();
        await Parallel.ForEachAsync(Enumerable.Range(0, attendees), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
            answers.Add(await run.Api.RegisterAsync(id, $"s{run.Stamp}.{i}@example.org")));
        var ok201 = answers.Count(a => a.Status == 201);
        var a = await run.Api.AvailabilityAsync(id) ?? throw new InvalidOperationException("no availability");
        var outcomes = answers.Where(x => x.Status == 201).GroupBy(x => x.Outcome).ToDictionary(g => g.Key ?? "", g => g.Count());
        var ok = a.Confirmed == Math.Min(seats, ok201) && a.Confirmed + a.Waitlisted == ok201
            && outcomes.GetValueOrDefault("confirmed") == a.Confirmed && outcomes.GetValueOrDefault("waitlisted") == a.Waitlisted;
        run.Report.Line($"Sell-out check {(ok ? "passed" : "FAILED")}: {seats} seats, {attendees} attendees 64 at a time: {N(ok201)} answered 201 " +
            $"({outcomes.GetValueOrDefault("confirmed")} confirmed, {outcomes.GetValueOrDefault("waitlisted")} waitlisted), availability confirmed {N(a.Confirmed)} + waitlisted {N(a.Waitlisted)}; " +
            $"oversold {N(Math.Max(0, a.Confirmed - seats))}; other answers {N(attendees - ok201)}" +
            string.Concat(answers.Where(x => x.Status != 201).GroupBy(x => x.Status).Select(g => $", {g.Count()} × {(g.Key == 0 ? "no answer within 30 s" : g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture))}")) + ".");
    }

    /// <summary>
    /// 10 s of registrations at 16 clients on a session of its own, not measured: the services are
    /// Release builds but .NET compiles each method on first use and again, optimised, once it is hot
    /// (tiered JIT), so the first seconds after start measure the compiler, not the design. Steady
    /// state is what a forum's opening meets, the system having run for hours.
    /// </summary>
    private static async Task WarmUpAsync(BenchRun run)
    {
        var session = await PublishAsync(run, 1, Capacity);
        var file = Path.Combine(run.Paths.Data, "warm-up-session.txt");
        await File.WriteAllLinesAsync(file, session.Select(s => s.ToString()));
        var env = new Dictionary<string, string> { ["BENCH_SESSIONS"] = file, ["BENCH_RUN"] = $"{run.Stamp}w" };
        var wrk = await Wrk.RunAsync(run.Paths, "register.lua", run.GatewayUrl, 16, TimeSpan.FromSeconds(10), env);
        Console.WriteLine($"-- warm-up (not measured): {wrk.Count(201):N0} registrations in 10 s on a session of its own");
        run.Report.Line($"Warm-up before the measured runs (not measured; .NET's tiered JIT optimises hot methods after their first calls): 16 clients for 10 s on a session of its own, {wrk.Count(201):N0} registrations.");
    }

    /// <summary>CPU milliseconds per registration (gateway runs: the request and everything it caused, emails included) or per pgbench transaction.</summary>
    private static void CpuTable(BenchRun run, Dictionary<string, Dictionary<string, double>> cpu)
    {
        var databases = cpu.Values.SelectMany(v => v.Keys).Where(k => k.StartsWith("PostgreSQL backends:", StringComparison.Ordinal)).Distinct().Order();
        string[] order = ["Gateway", "Registration", "Notification", "Translation", "Integration", "Catalog", CpuMeter.Postgres, .. databases, CpuMeter.RabbitMq, CpuMeter.Aspire, CpuMeter.Bench, CpuMeter.Machine];
        var columns = cpu.Keys.ToList();
        run.Report.Line("Where the CPU goes, in CPU milliseconds per registration (from /proc/<pid>/stat; for the gateway runs once \"during\" the run (CPU used while wrk ran, " +
            "per registration made by then: the request path plus what the background got done meanwhile) and once from the start of the run until its events and emails were all handled; " +
            "\"machine\" includes the other work that shared the machine; the PostgreSQL backends are also shown per database they serve, those that lived through the whole interval):");
        run.Report.Table(["component", .. columns],
            order.Select(component => new[] { component }.Concat(columns.Select(c => cpu[c].TryGetValue(component, out var v) ? N(v, 2) : "—")).ToArray()));
    }
}
