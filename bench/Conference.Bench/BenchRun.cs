using System.Diagnostics;
using System.Globalization;
using Conference.Bench.Stack;

namespace Conference.Bench;

/// <summary>
/// One bench run: the bench's servers, the mail sink, the AppHost with every service, a partner
/// client and the report. Everything starts fresh (the bench databases are dropped, RabbitMQ's data
/// folder emptied) so a run does not depend on what a previous one left.
/// </summary>
internal sealed class BenchRun : IAsyncDisposable
{
    private readonly HttpClient _http;

    public BenchRun(string title)
    {
        Paths = new Paths();
        Servers = new Servers(Paths);
        Mail = new MailSink();
        Secret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        AppHost = new AppHostRun(Paths, Secret);
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), MaxConnectionsPerServer = 256 })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        Api = new ConferenceApi(_http, Secret);
        Report = new Report(title);
        Stamp = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
    }

    public Paths Paths { get; }
    public Servers Servers { get; }
    public MailSink Mail { get; }
    public string Secret { get; }
    public AppHostRun AppHost { get; }
    public ConferenceApi Api { get; }
    public Report Report { get; }

    /// <summary>Where the gateway process listens, e.g. <c>http://127.0.0.1:41234</c> (known once started).</summary>
    public string GatewayUrl { get; private set; } = "";

    /// <summary>Makes attendee emails and session codes of this run unique.</summary>
    public string Stamp { get; }

    private int _codes;

    /// <summary>
    /// A session code no run used before, under the bench's sub-theme 9.1: 9.1.&lt;yyMMddHHmm of this
    /// run's start&gt;.&lt;n&gt; (the bench's PostgreSQL keeps earlier runs' sessions; a code made of the
    /// hour alone collided with a run of the same hour on another day).
    /// </summary>
    public string NextCode() => $"9.1.{_started:yyMMddHHmm}.{Interlocked.Increment(ref _codes)}";

    private readonly DateTime _started = DateTime.UtcNow;

    public async Task StartAsync()
    {
        var clock = Stopwatch.StartNew();
        Console.WriteLine("Starting the bench servers (PostgreSQL 56432, RabbitMQ 56672, Apertium 13737) and the mail sink (13025)...");
        if (!Shell.PortOpen(Servers.RabbitMqPort))
        {
            var rabbitData = Path.Combine(Paths.Data, "rabbitmq");
            if (Directory.Exists(rabbitData))
            {
                Directory.Delete(rabbitData, recursive: true);
            }
        }
        await Servers.StartAsync();
        await Sql.DropBenchDatabasesAsync();
        Mail.Start();
        Console.WriteLine("Starting the AppHost (Release build of every service)...");
        await AppHost.StartAsync();
        GatewayUrl = AppHost.Gateway.ToString().TrimEnd('/');
        _http.BaseAddress = AppHost.Gateway;
        if (Priority.AspireNice > 0)
        {
            var aspire = new CpuMeter(AppHost).AspirePids();
            var threads = Priority.Lower(aspire, Priority.AspireNice);
            var groups = Priority.LowerAutogroups(aspire, AppHost.ServicePids().Values, Priority.AspireNice);
            Console.WriteLine($"AppHost, DCP and dashboard at nice {Priority.AspireNice} ({threads} threads, {groups} autogroups of their own; BENCH_ASPIRE_NICE)");
        }
        Console.WriteLine($"System up in {clock.Elapsed.TotalSeconds:F0} s; gateway {GatewayUrl}; services: {string.Join(", ", AppHost.ServicePids().Select(p => $"{p.Key} pid {p.Value}"))}");
    }

    /// <summary>
    /// Waits until the asynchronous side is idle: no event waiting in Registration's or Catalog's outbox,
    /// Notification holding every registration Registration made, no email due; then RabbitMQ's queues
    /// are checked once (rabbitmqctl starts an Erlang VM, too heavy to poll). Returns how long that took.
    /// </summary>
    public async Task<TimeSpan> DrainAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            try
            {
                var outbox = await Sql.LongAsync(Sql.Db("registration"), "SELECT count(*) FROM outbox_messages WHERE dispatched_at IS NULL")
                    + await Sql.LongAsync(Sql.Db("catalog"), "SELECT count(*) FROM outbox_messages WHERE dispatched_at IS NULL");
                var made = await Sql.LongAsync(Sql.Db("registration"), "SELECT count(*) FROM registrations");
                var known = await Sql.LongAsync(Sql.Db("notification"), "SELECT count(*) FROM registrations");
                var mail = await Sql.LongAsync(Sql.Db("notification"), "SELECT count(*) FROM outgoing_messages WHERE status = 'pending' AND next_attempt_at <= now()");
                if (outbox == 0 && known >= made && mail == 0 && await Servers.QueuedMessagesAsync() == 0)
                {
                    return clock.Elapsed;
                }
            }
            catch (InvalidOperationException ex)
            {
                // A probe that failed (psql killed by its timeout on a loaded machine, a connection refused)
                // says nothing about the backlog: ask again rather than end the whole run (2042 ended so).
                Console.WriteLine($"   (a drain probe failed, asking again: {ex.Message.Trim()})");
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        Console.WriteLine($"   (still busy after {timeout.TotalSeconds:F0} s; going on)");
        return clock.Elapsed;
    }

    /// <summary>The machine and what else ran on it (other engineers compile on the same 2 cores).</summary>
    public static string Machine()
    {
        static string Read(string path) => File.Exists(path) ? File.ReadAllText(path) : "";
        var cpu = Read("/proc/cpuinfo").Split('\n').FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        var mem = Read("/proc/meminfo").Split('\n').FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        var os = Read("/etc/os-release").Split('\n').FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"') ?? "?";
        var load = Read("/proc/loadavg").Trim();
        return $"Machine: {Environment.ProcessorCount} cores ({cpu}), {mem} memory, {os}, Linux {Environment.OSVersion.Version}, .NET {Environment.Version}. " +
            $"Load average at the start (1, 5, 15 min): {string.Join(' ', load.Split(' ').Take(3))}.";
    }

    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    public async ValueTask DisposeAsync()
    {
        Console.WriteLine("Stopping the AppHost, the mail sink and the bench servers...");
        await AppHost.StopAsync();
        Mail.Dispose();
        if (Environment.GetEnvironmentVariable("BENCH_KEEP_SERVERS") != "1")
        {
            await Servers.StopAsync();
        }
        _http.Dispose();
    }
}
