using System.Globalization;
using Conference.Bench;
using Conference.Bench.Drills;
using Conference.Bench.Scenarios;

// Conference benchmarks and fault drills (issue 9). Usage:
//   Conference.Bench [bench] [hot] [many] [reads] [notify] [translate]   benchmarks (all when none named)
//   Conference.Bench drill [rabbitmq] [postgres] [notification] [smtp] [translation]   drills (all when none named)
//   Conference.Bench up                                                 start the bench stack and wait (Enter stops it)
// BENCH_DURATION (seconds, default 15) shortens the registration runs for a quick look.
var words = args.Select(a => a.ToLowerInvariant()).ToList();
var drill = words.Remove("drill") | words.Remove("drills");
words.Remove("bench");
var up = words.Remove("up");
var date = DateTime.UtcNow.ToString("yyyy-MM-dd-HHmm", CultureInfo.InvariantCulture);
var duration = TimeSpan.FromSeconds(int.Parse(Environment.GetEnvironmentVariable("BENCH_DURATION") ?? "15", CultureInfo.InvariantCulture));

await using var run = new BenchRun(drill ? "Conference fault drills" : "Conference benchmarks");
var machine = BenchRun.Machine();
Console.WriteLine(machine);
var failed = false;
try
{
    await run.StartAsync();
    if (up)
    {
        Console.WriteLine($"Gateway http://127.0.0.1:19080, dashboard http://127.0.0.1:19888 (see .data/bench/logs/apphost.log), partner oit secret {run.Secret}. Press Enter to stop.");
        Console.ReadLine();
        return 0;
    }
    if (drill)
    {
        failed = !await FaultDrills.RunAsync(run, words);
    }
    else
    {
        bool Wanted(string name) => words.Count == 0 || words.Contains(name);
        if (Wanted("translate"))
        {
            await TranslationTime.RunAsync(run);
        }
        if (Wanted("hot"))
        {
            await Registrations.RunAsync(run, many: false, [8, 32, 64], duration);
        }
        if (Wanted("many"))
        {
            await Registrations.RunAsync(run, many: true, [8, 32, 64], duration);
        }
        if (Wanted("reads"))
        {
            await ProgrammeReads.RunAsync(run, 32, TimeSpan.FromSeconds(10));
        }
        if (Wanted("notify"))
        {
            await NotificationLatency.RunAsync(run, 1000, 50);
        }
    }
}
catch (Exception ex)
{
    failed = true;
    run.Report.Line($"The run stopped: {ex.GetType().Name}: {ex.Message}");
    Console.Error.WriteLine(ex);
}
run.Report.Line($"Load average at the end (1, 5, 15 min): {BenchRun.LoadAverage()}.");
var file = run.Report.Write(run.Paths.Results, drill ? $"{date}-drills" : date, machine);
Console.WriteLine();
Console.WriteLine($"Results: {Path.GetRelativePath(run.Paths.Root, file)}");
return failed ? 1 : 0;
