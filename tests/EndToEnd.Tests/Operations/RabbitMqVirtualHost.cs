using System.Diagnostics;

namespace Conference.EndToEnd.Tests;

/// <summary>
/// A RabbitMQ virtual host of one test run on the shared test broker, so two AppHosts started at the
/// same time (two engineers, two test processes) do not take each other's messages from queues of the
/// same name. Made with <c>rabbitmqctl</c> on the node <c>scripts/infra/rabbitmq.sh</c> runs
/// (<c>conference-{port}@localhost</c>); when that fails (another kind of broker), the run keeps the
/// default virtual host.
/// </summary>
internal sealed class RabbitMqVirtualHost
{
    private readonly string _node;

    private RabbitMqVirtualHost(string node, string name, string connectionString)
    {
        _node = node;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    /// <summary>The AMQP URI with the virtual host as its path.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates <paramref name="name"/> on the broker of <paramref name="connectionString"/>; null when it cannot.</summary>
    public static async Task<RabbitMqVirtualHost?> CreateAsync(string connectionString, string name)
    {
        var uri = new Uri(connectionString);
        if (uri.AbsolutePath.Trim('/').Length > 0)
        {
            return null; // a virtual host is already chosen
        }
        var node = $"conference-{uri.Port}@localhost";
        if (!await CtlAsync(node, "add_vhost", name) || !await CtlAsync(node, "set_permissions", "-p", name, "guest", ".*", ".*", ".*"))
        {
            return null;
        }
        return new RabbitMqVirtualHost(node, name, new UriBuilder(uri) { Path = "/" + name }.Uri.ToString().TrimEnd('/'));
    }

    public Task DeleteAsync() => CtlAsync(_node, "delete_vhost", Name);

    private static async Task<bool> CtlAsync(string node, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo("/usr/lib/rabbitmq/bin/rabbitmqctl", ["-n", node, .. args])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start);
            if (process is null)
            {
                return false;
            }
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode == 0;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or OperationCanceledException)
        {
            return false;
        }
    }
}
