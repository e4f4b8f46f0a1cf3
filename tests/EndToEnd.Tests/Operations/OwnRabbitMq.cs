using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Conference.EndToEnd.Tests;

/// <summary>
/// A RabbitMQ node of the test's own (Debian's rabbitmq-server run by <c>scripts/infra/rabbitmq.sh</c>
/// on a free port, data in a temporary folder), so a drill may stop it without disturbing the shared
/// test broker. Stopped by killing its process group; started again on the same port and data.
/// </summary>
internal sealed class OwnRabbitMq : IAsyncDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"conference-rabbitmq-{Guid.NewGuid():N}");
    private Process? _process;

    public OwnRabbitMq() => Port = FreePort();

    /// <summary>AMQP port (the Erlang distribution port is 10,000 below it).</summary>
    public int Port { get; }

    /// <summary>AMQP URI for MassTransit.</summary>
    public string ConnectionString => $"amqp://guest:guest@127.0.0.1:{Port}";

    /// <summary>Starts the node and returns once its AMQP port accepts connections (at most 60 s).</summary>
    public async Task StartAsync()
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "infra", "rabbitmq.sh");
        // setsid: the node and its Erlang children get their own process group, killed together.
        _process = Process.Start(new ProcessStartInfo("setsid", [script, Port.ToString(System.Globalization.CultureInfo.InvariantCulture), _data])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("rabbitmq.sh did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Journeys.EventuallyAsync(TimeSpan.FromSeconds(60), async () => await AnswersAsync() ? true : null);
    }

    /// <summary>Kills the node (its whole process group) and returns once its port is closed.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }
        using (var kill = Process.Start("kill", ["-KILL", "--", $"-{_process.Id}"]))
        {
            await kill.WaitForExitAsync();
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
        await Journeys.EventuallyAsync(TimeSpan.FromSeconds(30), async () => await AnswersAsync() ? null : true);
    }

    public async Task<bool> AnswersAsync()
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Conference.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Conference.sln not found above the test folder");
    }

    // A free AMQP port whose distribution port (10,000 below) is free as well.
    private static int FreePort()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = Random.Shared.Next(40000, 50000);
            if (Free(port) && Free(port - 10000))
            {
                return port;
            }
        }
        throw new InvalidOperationException("No free port pair for RabbitMQ");
    }

    private static bool Free(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
