using System.Diagnostics;

namespace Conference.Bench.Stack;

/// <summary>
/// The bench's own servers (PostgreSQL, RabbitMQ, Apertium APy), started from the repository's
/// <c>scripts/infra</c> scripts on ports nothing else here uses, so a drill can stop and restart
/// them without disturbing ./scripts/up (55432, 55672, 2737) or the test servers (55433, 55673, 12737).
/// A server already listening on its port is reused. Stop and start go by the port's owner, so
/// they also work on a server a previous run left behind.
/// </summary>
internal sealed class Server(string name, int port, string stopSignal, string script, params string[] args)
{
    /// <summary>Environment variables the server's script is started with.</summary>
    public Dictionary<string, string> Environment { get; } = [];

    public string Name { get; } = name;
    public int Port { get; } = port;

    /// <summary>Starts the server unless its port is open; waits until it accepts connections.</summary>
    public async Task StartAsync(string logs)
    {
        if (Shell.PortOpen(Port))
        {
            return;
        }
        Shell.StartDetached(Path.Combine(logs, $"{Name}.log"), Environment, script, args);
        if (!await Shell.WaitPortAsync(Port, open: true, TimeSpan.FromMinutes(2)))
        {
            throw new InvalidOperationException($"{Name} did not open port {Port}; see {Path.Combine(logs, Name + ".log")}");
        }
    }

    /// <summary>Stops the server (PostgreSQL: fast shutdown; RabbitMQ and APy: TERM) and waits until it is gone.</summary>
    public async Task StopAsync()
    {
        var pid = await Shell.PortOwnerAsync(Port);
        if (pid is null)
        {
            return;
        }
        await Shell.SignalAsync(pid.Value, stopSignal);
        if (!await Shell.WaitExitAsync(pid.Value, TimeSpan.FromSeconds(60)))
        {
            await Shell.SignalAsync(pid.Value, "KILL");
            await Shell.WaitExitAsync(pid.Value, TimeSpan.FromSeconds(10));
        }
        await Shell.WaitPortAsync(Port, open: false, TimeSpan.FromSeconds(10));
    }

    /// <summary>Milliseconds from now until the port accepts connections again (after a restart).</summary>
    public async Task<long> WaitUpAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        return await Shell.WaitPortAsync(Port, open: true, timeout) ? clock.ElapsedMilliseconds : -1;
    }
}

/// <summary>The three servers of a bench run, with the connection strings the AppHost is given.</summary>
internal sealed class Servers
{
    public const int PostgresPort = 56432;
    public const int RabbitMqPort = 56672;
    public const int ApertiumPort = 13737;

    public Servers(Paths paths)
    {
        var infra = Path.Combine(paths.Root, "scripts", "infra");
        Postgres = new Server("postgres", PostgresPort, "INT", Path.Combine(infra, "postgres.sh"), PostgresPort.ToString(System.Globalization.CultureInfo.InvariantCulture), Path.Combine(paths.Data, "postgres"));
        RabbitMq = new Server("rabbitmq", RabbitMqPort, "TERM", Path.Combine(infra, "rabbitmq.sh"), RabbitMqPort.ToString(System.Globalization.CultureInfo.InvariantCulture), Path.Combine(paths.Data, "rabbitmq"));
        // As ./scripts/up runs it: the broker of asynchronous events at the background's nice value (rabbitmq.sh).
        RabbitMq.Environment["PROCESS_NICE"] = System.Environment.GetEnvironmentVariable("Process__BackgroundNice") ?? "19";
        Apertium = new Server("apertium", ApertiumPort, "TERM", Path.Combine(infra, "apertium.sh"), ApertiumPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Logs = paths.Logs;
    }

    public Server Postgres { get; }
    public Server RabbitMq { get; }
    public Server Apertium { get; }
    private string Logs { get; }

    public static string PostgresConnection => $"Host=127.0.0.1;Port={PostgresPort};Username=postgres";
    public static string MessagingConnection => $"amqp://guest:guest@127.0.0.1:{RabbitMqPort}";
    public static string ApertiumConnection => $"http://127.0.0.1:{ApertiumPort}";

    public async Task StartAsync()
    {
        await Task.WhenAll(Postgres.StartAsync(Logs), RabbitMq.StartAsync(Logs), Apertium.StartAsync(Logs));
    }

    public Task StartAsync(Server server) => server.StartAsync(Logs);

    public async Task StopAsync()
    {
        await Task.WhenAll(Postgres.StopAsync(), RabbitMq.StopAsync(), Apertium.StopAsync());
    }

    /// <summary>Messages waiting or being handled in all queues of the bench's RabbitMQ node (null when it does not answer).</summary>
    public static async Task<long?> QueuedMessagesAsync()
    {
        try
        {
            var (code, output, _) = await Shell.RunAsync("/usr/lib/rabbitmq/bin/rabbitmqctl",
                ["-n", $"conference-{RabbitMqPort}@localhost", "list_queues", "messages_ready", "messages_unacknowledged", "-q", "--no-table-headers"],
                timeout: TimeSpan.FromSeconds(30));
            if (code != 0)
            {
                return null;
            }
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .SelectMany(l => l.Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries))
                .Sum(v => long.Parse(v, System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (TimeoutException)
        {
            return null;
        }
    }
}

/// <summary>Where things are: the repository root, the bench's data and logs (under .data/bench).</summary>
internal sealed class Paths
{
    public Paths()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Conference.sln")))
        {
            dir = dir.Parent;
        }
        Root = dir?.FullName ?? throw new InvalidOperationException("Run from inside the Conference repository.");
        Data = Path.Combine(Root, ".data", "bench");
        Logs = Path.Combine(Data, "logs");
        Results = Path.Combine(Root, "bench", "results");
        Directory.CreateDirectory(Logs);
        Directory.CreateDirectory(Results);
    }

    public string Root { get; }
    public string Data { get; }
    public string Logs { get; }
    public string Results { get; }
}
