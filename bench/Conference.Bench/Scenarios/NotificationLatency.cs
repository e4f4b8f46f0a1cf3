using System.Diagnostics;
using Conference.Bench.Stack;
using static Conference.Bench.Report;

namespace Conference.Bench.Scenarios;

/// <summary>
/// Notification latency: 1,000 registrations sent at a steady 50 per second (open loop: each at its
/// time, whatever the previous answer), each timed from its 201 answer to the confirmation email's
/// arrival in the mail sink. Registration → outbox → RabbitMQ → Notification → SMTP.
/// </summary>
internal static class NotificationLatency
{
    public static async Task RunAsync(BenchRun run, int count, int perSecond)
    {
        run.Report.Heading($"Notification latency: {N(count)} registrations at {perSecond}/s, from the answer to the email in the sink");
        var session = (await Registrations.PublishAsync(run, 1, Registrations.Capacity))[0];
        await run.DrainAsync(TimeSpan.FromMinutes(10));

        var prefix = $"n{run.Stamp}.";
        var answered = new long[count];
        var statuses = new int[count];
        var start = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, count).Select(async i =>
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond);
            var wait = due - start.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
            var answer = await run.Api.RegisterAsync(session, $"{prefix}{i}@example.org");
            statuses[i] = answer.Status;
            answered[i] = MailSink.Now;
        }).ToList();
        await Task.WhenAll(tasks);
        var sending = start.Elapsed;

        var ok = Enumerable.Range(0, count).Where(i => statuses[i] == 201).ToList();
        var deadline = Stopwatch.StartNew();
        while (run.Mail.To(prefix).Select(a => a.To).Distinct().Count() < ok.Count && deadline.Elapsed < TimeSpan.FromMinutes(3))
        {
            await Task.Delay(200);
        }
        await Task.Delay(TimeSpan.FromSeconds(3)); // a late duplicate would show here
        var arrivals = run.Mail.To(prefix).GroupBy(a => a.To).ToDictionary(g => g.Key, g => g.ToList());
        var latencies = ok.Where(i => arrivals.ContainsKey($"{prefix}{i}@example.org"))
            .Select(i => Stopwatch.GetElapsedTime(answered[i], arrivals[$"{prefix}{i}@example.org"].Min(a => a.AtTicks)).TotalMilliseconds)
            .Order().ToArray();
        var missing = ok.Count - latencies.Length;
        var duplicates = arrivals.Values.Sum(a => a.Count - 1);
        run.Report.Table(["registrations", "sent in s", "answers 201", "emails", "missing", "duplicated", "p50 ms", "p95 ms", "p99 ms", "max ms"],
        [[
            N(count), N(sending.TotalSeconds, 1), N(ok.Count), N(latencies.Length), N(missing), N(duplicates),
            N(Load.Percentile.Of(latencies, 50)), N(Load.Percentile.Of(latencies, 95)), N(Load.Percentile.Of(latencies, 99)), N(latencies.LastOrDefault()),
        ]]);
        // Which stage the time went to, from Notification's own rows: event → message written (RabbitMQ,
        // consumer), message written → sent (the sender's queue and SMTP).
        var stages = await Sql.RunAsync(Sql.Db("notification"), $"""
            SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM o.created_at - o.caused_at))::numeric * 1000),
                   round(percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM o.created_at - o.caused_at))::numeric * 1000),
                   round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM o.sent_at - o.created_at))::numeric * 1000),
                   round(percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM o.sent_at - o.created_at))::numeric * 1000)
            FROM outgoing_messages o WHERE o.session_id = '{session}' AND o.caused_at IS NOT NULL AND o.sent_at IS NOT NULL
            """);
        var s = stages.Split('\t');
        if (s.Length == 4)
        {
            run.Report.Line($"Stages (Notification's rows): registration → message written p50 {s[0]} ms, p95 {s[1]} ms; written → sent p50 {s[2]} ms, p95 {s[3]} ms.");
        }
        run.Report.Summary($"Notification latency at {perSecond}/s: p95 {N(Load.Percentile.Of(latencies, 95))} ms (acceptance < 2,000 ms), {missing} missing, {duplicates} duplicated");
    }
}
