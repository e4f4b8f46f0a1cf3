using System.Globalization;
using Conference.Bench;
using Conference.Bench.Drills;
using Conference.Bench.Scenarios;
using Conference.Bench.Stack;

// Conference benchmarks and fault drills (issue 9). Usage:
//   Conference.Bench [bench] [hot] [many] [reads] [notify] [translate]   benchmarks (all when none named)
//   Conference.Bench drill [rabbitmq] [postgres] [notification] [smtp] [translation]   drills (all when none named)
//   Conference.Bench up                                                 start the bench stack and wait (Ctrl+C or SIGTERM stops it)
// BENCH_DURATION (seconds, default 15) shortens the registration runs for a quick look.
var words = args.Select(a => a.ToLowerInvariant()).ToList();
var drill = words.Remove("drill") | words.Remove("drills");
words.Remove("bench");
var up = words.Remove("up");
var date = DateTime.UtcNow.ToString("yyyy-MM-dd-HHmm", CultureInfo.InvariantCulture);
var duration = TimeSpan.FromSeconds(int.Parse(Environment.GetEnvironmentVariable("BENCH_DURATION") ?? "15", CultureInfo.InvariantCulture));

await using var run = new BenchRun(drill ? "Conference fault drills" : "Conference benchmarks");
// Ctrl+C or SIGTERM in the middle of a run: stop the AppHost and the servers before leaving.
void Abort(System.Runtime.InteropServices.PosixSignalContext context)
{
    if (up)
    {
        return; // `up` waits for the signal itself
    }
    context.Cancel = true;
    Console.Error.WriteLine("Stopping...");
    run.DisposeAsync().AsTask().Wait(TimeSpan.FromMinutes(2));
    Environment.Exit(130);
}
using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Abort);
using var onInt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Abort);
var machine = BenchRun.Machine() + $" Traces: {double.Parse(AppHostRun.TraceSampleRatio, System.Globalization.CultureInfo.InvariantCulture):P0} of journeys (BENCH_TRACE_SAMPLE_RATIO); logs and metrics all, to the Aspire dashboard." +
    (Priority.AspireNice > 0 ? $" The AppHost, DCP and the dashboard at nice {Priority.AspireNice} (BENCH_ASPIRE_NICE; a deployment sends telemetry to a collector elsewhere)." : "") +
    $" Notification, Translation, Integration, their PostgreSQL backends and RabbitMQ (its autogroup too) at nice {Environment.GetEnvironmentVariable("Process__BackgroundNice") ?? "19"} (Process:BackgroundNice)" +
    (Environment.GetEnvironmentVariable("Process__BackgroundCpuGroup") is "" ? "." : $", the three services in the CPU control group {Environment.GetEnvironmentVariable("Process__BackgroundCpuGroup") ?? "conference-background"} weighted as one such task (Process:BackgroundCpuGroup) where the machine lets them create it.");
Console.WriteLine(machine);
var failed = false;
try
{
    await run.StartAsync();
    if (up)
    {
        Console.WriteLine($"Gateway {run.GatewayUrl}, dashboard http://127.0.0.1:19888 (login link in .data/bench/logs/apphost.log), partner oit secret {run.Secret}. Ctrl+C or SIGTERM stops it.");
        var stopped = new TaskCompletionSource();
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stopped.TrySetResult(); });
        using var interrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, c => { c.Cancel = true; stopped.TrySetResult(); });
        await stopped.Task;
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
