using System.Collections.Concurrent;
using System.Diagnostics;
using Conference.Bench.Stack;
using static Conference.Bench.Report;

namespace Conference.Bench.Drills;

/// <summary>
/// Fault drills against the running system: a server or a service goes away while attendees
/// register or partners publish, and comes back. Each drill ends with one line saying what was lost
/// or duplicated; the run fails when anything was.
/// </summary>
internal static partial class FaultDrills
{
    public static async Task<bool> RunAsync(BenchRun run, IReadOnlyCollection<string> names)
    {
        var drills = new (string Name, Func<BenchRun, Task<bool>> Run)[]
        {
            ("rabbitmq", RabbitMqOutageAsync),
            ("postgres", PostgresRestartAsync),
            ("notification", run => NotificationKillAsync(run, "KILL")),
            ("notification-stop", run => NotificationKillAsync(run, "TERM")),
            ("smtp", SmtpOutageAsync),
            ("translation", TranslationEngineOutageAsync),
        };
        var results = new List<string[]>();
        var allPassed = true;
        foreach (var (name, drill) in drills.Where(d => names.Count == 0 || names.Contains(d.Name)))
        {
            bool passed;
            try
            {
                passed = await drill(run);
            }
            catch (Exception ex)
            {
                run.Report.Line($"{name}: the drill stopped: {ex.GetType().Name}: {ex.Message}");
                passed = false;
            }
            allPassed &= passed;
            results.Add([name, passed ? "passed" : "FAILED"]);
        }
        run.Report.Heading("Drills");
        run.Report.Table(["drill", "result"], results);
        return allPassed;
    }

    /// <summary>Registers <paramref name="count"/> attendees (emails <paramref name="prefix"/>i@example.org), <paramref name="parallel"/> at a time.</summary>
    private static async Task<List<RegisterAnswer>> RegisterManyAsync(BenchRun run, Guid session, string prefix, int count, int parallel)
    {
        var answers = new ConcurrentBag<RegisterAnswer>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, _) =>
            answers.Add(await run.Api.RegisterAsync(session, $"{prefix}{i}@example.org")));
        return [.. answers];
    }

    /// <summary>Waits until <paramref name="expected"/> distinct recipients with <paramref name="prefix"/> got an email, then a little longer for late duplicates.</summary>
    private static async Task<(int Distinct, int Duplicates, double LastAfterSeconds)> EmailsAsync(BenchRun run, string prefix, int expected, TimeSpan timeout, long sinceTicks)
    {
        var clock = Stopwatch.StartNew();
        while (run.Mail.To(prefix).Select(a => a.To).Distinct().Count() < expected && clock.Elapsed < timeout)
        {
            await Task.Delay(250);
        }
        await Task.Delay(TimeSpan.FromSeconds(5));
        var arrivals = run.Mail.To(prefix);
        var distinct = arrivals.Select(a => a.To).Distinct().Count();
        var last = arrivals.Count == 0 ? double.NaN : Stopwatch.GetElapsedTime(sinceTicks, arrivals.Max(a => a.AtTicks)).TotalSeconds;
        var twice = arrivals.GroupBy(a => a.To).Where(g => g.Count() > 1).ToList();
        if (twice.Count > 0)
        {
            var sameId = twice.Count(g => g.Select(a => a.MessageId).Distinct().Count() == 1 && g.First().MessageId.Length > 0);
            Console.WriteLine($"   {twice.Count} recipients got an email twice; {sameId} of them with the same Message-ID both times (a receiving server can drop the copy)");
            run.Report.Line($"Duplicates: {twice.Count} recipients got their email twice, {sameId} of them with the same Message-ID both times.");
        }
        return (distinct, arrivals.Count - distinct, last);
    }

    private static bool Verdict(BenchRun run, string drill, long lost, long duplicated, string details)
    {
        var ok = lost == 0 && duplicated == 0;
        run.Report.Line($"**{drill}: lost {lost}, duplicated {duplicated}** — {details}");
        run.Report.Summary($"{drill}: lost {lost}, duplicated {duplicated}");
        return ok;
    }

    /// <summary>RabbitMQ stopped for 60 s while 50 attendees register: all registered, all emailed after it returns, none twice.</summary>
    private static async Task<bool> RabbitMqOutageAsync(BenchRun run)
    {
        run.Report.Heading("Drill: RabbitMQ stopped for 60 s while 50 attendees register");
        var session = (await Scenarios.Registrations.PublishAsync(run, 1, 1000))[0];
        await run.DrainAsync(TimeSpan.FromMinutes(5));
        var prefix = $"rq{run.Stamp}.";
        var down = Stopwatch.StartNew();
        await run.Servers.RabbitMq.StopAsync();
        Console.WriteLine($"   RabbitMQ stopped ({down.Elapsed.TotalSeconds:F1} s); registering 50 attendees...");
        var answers = await RegisterManyAsync(run, session, prefix, 50, 5);
        var registered = answers.Count(a => a.Status == 201);
        Console.WriteLine($"   {registered}/50 answered 201 while RabbitMQ was down ({down.Elapsed.TotalSeconds:F1} s)");
        var rest = TimeSpan.FromSeconds(60) - down.Elapsed;
        if (rest > TimeSpan.Zero)
        {
            await Task.Delay(rest);
        }
        await run.Servers.StartAsync(run.Servers.RabbitMq);
        var back = MailSink.Now;
        Console.WriteLine($"   RabbitMQ back after {down.Elapsed.TotalSeconds:F0} s; waiting for the emails...");
        var (emails, duplicates, last) = await EmailsAsync(run, prefix, registered, TimeSpan.FromMinutes(4), back);
        var a = await run.Api.AvailabilityAsync(session);
        return Verdict(run, "RabbitMQ outage", 50 - registered + (registered - emails), duplicates,
            $"{registered}/50 registrations answered 201 during the outage (availability: {a?.Confirmed} confirmed), {emails}/{registered} emails, the last {N(last, 1)} s after RabbitMQ returned.");
    }

    /// <summary>PostgreSQL restarted under load: services recover within 10 s, no registration lost or half-written, one email each.</summary>
    private static async Task<bool> PostgresRestartAsync(BenchRun run)
    {
        run.Report.Heading("Drill: PostgreSQL restarted while 16 clients register");
        var session = (await Scenarios.Registrations.PublishAsync(run, 1, Scenarios.Registrations.Capacity))[0];
        await run.DrainAsync(TimeSpan.FromMinutes(5));
        var prefix = $"pg{run.Stamp}.";
        var answers = new ConcurrentBag<(long At, RegisterAnswer Answer)>();
        var counter = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        var load = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var answer = await run.Api.RegisterAsync(session, $"{prefix}{Interlocked.Increment(ref counter)}@example.org");
                answers.Add((MailSink.Now, answer));
                if (answer.Status != 201)
                {
                    await Task.Delay(50);
                }
            }
        })).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(10));
        var downAt = MailSink.Now;
        await run.Servers.Postgres.StopAsync();
        await run.Servers.StartAsync(run.Servers.Postgres);
        var upAt = MailSink.Now;
        var downFor = Stopwatch.GetElapsedTime(downAt, upAt).TotalSeconds;
        Console.WriteLine($"   PostgreSQL restarted (fast shutdown), accepting connections again after {downFor:F1} s");

        // Recovered: every service healthy, a catalog read and a registration answered, after PostgreSQL is back.
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        double? recovered = null;
        var clock = Stopwatch.StartNew();
        var states = new Dictionary<string, string>();
        var healthySince = new Dictionary<string, double?>(); // seconds after PostgreSQL was back, while healthy since then
        while (recovered is null && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var healthy = true;
            foreach (var service in run.AppHost.ServicePids().Keys)
            {
                try
                {
                    var url = run.AppHost.Url(service) ?? throw new HttpRequestException($"{service} is not running");
                    using var h = await probe.GetAsync(new Uri(url, "/health"));
                    healthy &= h.IsSuccessStatusCode;
                    states[service] = ((int)h.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    healthySince[service] = h.IsSuccessStatusCode ? healthySince.GetValueOrDefault(service) ?? Stopwatch.GetElapsedTime(upAt).TotalSeconds : null;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    healthy = false;
                    states[service] = "no answer";
                    healthySince[service] = null;
                }
            }
            var registeredSince = answers.Any(x => x.At > upAt && x.Answer.Status == 201);
            var read = false;
            try
            {
                using var r = await run.Api.Http.GetAsync("/api/v1/sessions?pageSize=1");
                read = r.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
            }
            states["registration answered"] = registeredSince ? "yes" : "no";
            if (registeredSince && !healthySince.ContainsKey("first registration"))
            {
                healthySince["first registration"] = Stopwatch.GetElapsedTime(upAt).TotalSeconds;
            }
            states["catalog read"] = read ? "yes" : "no";
            if (healthy && registeredSince && read)
            {
                recovered = Stopwatch.GetElapsedTime(upAt).TotalSeconds;
            }
            else
            {
                await Task.Delay(250);
            }
        }
        await Task.WhenAll(load);

        var all = answers.ToList();
        var ok = all.Where(x => x.Answer.Status == 201).Select(x => x.Answer.Id!.Value).ToList();
        var failedAnswers = all.Count(x => x.Answer.Status != 201);
        var statusList = string.Join(", ", all.Where(x => x.Answer.Status != 201).GroupBy(x => x.Answer.Status).Select(g => $"{g.Count()} × {(g.Key == 0 ? "no answer" : g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture))}"));
        await run.DrainAsync(TimeSpan.FromMinutes(5));

        var reg = Sql.Db("registration");
        var ids = string.Join(",", ok.Select(i => $"'{i}'"));
        var stored = ok.Count == 0 ? 0 : await Sql.LongAsync(reg, $"SELECT count(*) FROM registrations WHERE id IN ({ids})");
        var rows = await Sql.LongAsync(reg, $"SELECT count(*) FROM registrations WHERE session_id = '{session}'");
        var withoutEvent = await Sql.LongAsync(reg, $"""
            SELECT count(*) FROM registrations r WHERE r.session_id = '{session}' AND NOT EXISTS (
              SELECT 1 FROM outbox_messages o WHERE o.payload->'attendee'->>'registrationId' = r.id::text)
            """);
        var counter0 = await Sql.LongAsync(reg, $"SELECT confirmed + waitlisted FROM session_seats WHERE session_id = '{session}'");
        var (emails, duplicates, _) = await EmailsAsync(run, prefix, (int)rows, TimeSpan.FromMinutes(4), upAt);
        var lost = ok.Count - stored;
        var halfWritten = withoutEvent + Math.Abs(counter0 - rows);
        var recoveredText = recovered is null
            ? $"did NOT all recover within 60 s (last /health and probes: {string.Join(", ", states.Select(x => $"{x.Key} {x.Value}"))})"
            : $"recovered {N(recovered.Value, 1)} s after PostgreSQL was back (acceptance ≤ 10 s; healthy from, s: " +
              $"{string.Join(", ", healthySince.Select(x => $"{x.Key} {(x.Value is { } t ? N(t, 1) : "—")}"))})";
        Verdict(run, "PostgreSQL restart", lost + (rows - emails), duplicates,
            $"down {N(downFor, 1)} s; services {recoveredText}; {ok.Count} registrations answered 201, {failedAnswers} not ({statusList}); " +
            $"{stored}/{ok.Count} acknowledged registrations stored; half-written {halfWritten} (rows without their event, counter vs rows); {emails}/{rows} emails.");
        return lost == 0 && halfWritten == 0 && duplicates == 0 && emails == rows && recovered is <= 10;
    }

    /// <summary>
    /// Notification killed (<paramref name="signal"/> KILL: a crash, no chance to finish anything) or
    /// stopped (TERM: how an orchestrator stops it; the sends under way finish and are recorded) in the
    /// middle of sending a batch, and started again: no email lost, none twice.
    /// </summary>
    private static async Task<bool> NotificationKillAsync(BenchRun run, string signal)
    {
        var crash = signal == "KILL";
        run.Report.Heading(crash
            ? "Drill: the Notification service killed (SIGKILL) in the middle of a batch and started again"
            : "Drill: the Notification service stopped (SIGTERM) in the middle of a batch and started again");
        const int count = 300;
        var session = (await Scenarios.Registrations.PublishAsync(run, 1, Scenarios.Registrations.Capacity))[0];
        await run.DrainAsync(TimeSpan.FromMinutes(5));
        var prefix = $"{(crash ? "nk" : "ns")}{run.Stamp}.";
        var pid = run.AppHost.ServicePids()["Notification"];
        var (args, env, cwd) = Shell.Describe(pid);
        var answers = await RegisterManyAsync(run, session, prefix, count, 16);
        var registered = answers.Count(a => a.Status == 201);
        var clock = Stopwatch.StartNew();
        while (run.Mail.To(prefix).Count < 30 && clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(10);
        }
        await Shell.SignalAsync(pid, signal);
        await Shell.WaitExitAsync(pid, TimeSpan.FromSeconds(crash ? 10 : 45));
        var atKill = run.Mail.To(prefix).Count;
        Console.WriteLine($"   {(crash ? "killed" : "stopped")} Notification (pid {pid}) after {atKill} of {registered} emails");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var restartedByAspire = run.AppHost.ServicePids().ContainsKey("Notification");
        if (!restartedByAspire)
        {
            var info = new ProcessStartInfo(args[0]) { UseShellExecute = false, WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in args.Skip(1))
            {
                info.ArgumentList.Add(a);
            }
            info.Environment.Clear();
            foreach (var (k, v) in env)
            {
                info.Environment[k] = v;
            }
            var restarted = Process.Start(info) ?? throw new InvalidOperationException("could not restart Notification");
            var log = Path.Combine(run.Paths.Logs, $"notification-restarted-{signal.ToLowerInvariant()}.log");
            _ = restarted.StandardOutput.BaseStream.CopyToAsync(File.Create(log));
            _ = restarted.StandardError.BaseStream.CopyToAsync(Stream.Null);
        }
        var back = MailSink.Now;
        var (emails, duplicates, last) = await EmailsAsync(run, prefix, registered, TimeSpan.FromMinutes(4), back);
        return Verdict(run, crash ? "Notification killed mid-batch" : "Notification stopped mid-batch", registered - emails + (count - registered), duplicates,
            $"{registered}/{count} registrations answered 201; SIG{signal} after {atKill} emails; " +
            $"{(restartedByAspire ? "the AppHost restarted it" : "the AppHost does not restart a killed project, so the drill started it again with the same command line and environment")}; " +
            $"{emails}/{registered} emails, the last {N(last, 1)} s after the restart.");
    }

    /// <summary>The SMTP server down for a minute while 50 attendees register: messages wait and go out after, none lost.</summary>
    private static async Task<bool> SmtpOutageAsync(BenchRun run)
    {
        run.Report.Heading("Drill: the SMTP server down for 60 s while 50 attendees register");
        var session = (await Scenarios.Registrations.PublishAsync(run, 1, 1000))[0];
        await run.DrainAsync(TimeSpan.FromMinutes(5));
        var prefix = $"sm{run.Stamp}.";
        var down = Stopwatch.StartNew();
        run.Mail.Stop();
        var answers = await RegisterManyAsync(run, session, prefix, 50, 5);
        var registered = answers.Count(a => a.Status == 201);
        var rest = TimeSpan.FromSeconds(60) - down.Elapsed;
        if (rest > TimeSpan.Zero)
        {
            await Task.Delay(rest);
        }
        var pending = await Sql.LongAsync(Sql.Db("notification"), "SELECT count(*) FROM outgoing_messages WHERE status = 'pending'");
        run.Mail.Start();
        var back = MailSink.Now;
        Console.WriteLine($"   SMTP back after {down.Elapsed.TotalSeconds:F0} s, {pending} messages waiting; they retry with back-off (30 s, doubling)...");
        var (emails, duplicates, last) = await EmailsAsync(run, prefix, registered, TimeSpan.FromMinutes(5), back);
        return Verdict(run, "SMTP outage", 50 - emails, duplicates,
            $"{registered}/50 registrations answered 201; {pending} messages waited in Notification while SMTP was down; {emails}/{registered} emails, the last {N(last, 1)} s after SMTP returned (the back-off is 30 s, then 60 s).");
    }

    /// <summary>The translation engine down while sessions are published: translations arrive after it returns.</summary>
    private static async Task<bool> TranslationEngineOutageAsync(BenchRun run)
    {
        run.Report.Heading("Drill: the translation engine (Apertium) down while 3 French sessions are published");
        await run.DrainAsync(TimeSpan.FromMinutes(5));
        var down = Stopwatch.StartNew();
        await run.Servers.Apertium.StopAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await run.Api.PublishSessionAsync("", 0, new
            {
                code = run.NextCode(),
                format = "workshop",
                sourceLanguage = "fr",
                languages = new[] { "en", "fr", "es" },
                title = $"Innovation sociale et développement durable {i}",
                summary = "La crise est aussi une opportunité pour promouvoir un agenda transformateur centré sur les personnes et la planète.",
                thematicLine = new { code = "9", title = "Banc d'essai" },
                subTheme = new { code = "9.1", title = "Banc d'essai" },
                organisers = new[] { "OIT" },
                startsAt = new DateTimeOffset(DateTimeOffset.UtcNow.Year + 5, 6, 1, 17, 0, 0, TimeSpan.Zero),
                endsAt = new DateTimeOffset(DateTimeOffset.UtcNow.Year + 5, 6, 1, 18, 30, 0, TimeSpan.Zero),
                capacity = 100,
            }));
        }
        var rest = TimeSpan.FromSeconds(60) - down.Elapsed;
        if (rest > TimeSpan.Zero)
        {
            await Task.Delay(rest);
        }
        var early = 0;
        foreach (var id in ids)
        {
            early += await TranslatedAsync(run, id) ? 1 : 0;
        }
        await run.Servers.StartAsync(run.Servers.Apertium);
        var back = Stopwatch.StartNew();
        Console.WriteLine($"   Apertium back after {down.Elapsed.TotalSeconds:F0} s ({early} sessions translated while it was down); waiting for the translations...");
        var done = 0;
        while (back.Elapsed < TimeSpan.FromMinutes(6))
        {
            done = 0;
            foreach (var id in ids)
            {
                done += await TranslatedAsync(run, id) ? 1 : 0;
            }
            if (done == ids.Count)
            {
                break;
            }
            await Task.Delay(500);
        }
        return Verdict(run, "Translation engine outage", ids.Count - done, 0,
            $"3 sessions published while Apertium was down for {N(down.Elapsed.TotalSeconds - back.Elapsed.TotalSeconds, 0)} s ({early} translated meanwhile); " +
            $"{done}/3 had English and Spanish {N(back.Elapsed.TotalSeconds, 1)} s after it returned (jobs retry with back-off, 2 s doubling to 5 min).");
    }

    private static async Task<bool> TranslatedAsync(BenchRun run, Guid id)
    {
        var s = await run.Api.SessionAsync(id);
        return s is { } session && session.TryGetProperty("translations", out var t)
            && new[] { "en", "es" }.All(l => t.TryGetProperty(l, out var x) && x.TryGetProperty("origin", out var o) && o.GetString() == "machine");
    }
}
