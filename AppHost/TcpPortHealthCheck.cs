using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Conference.AppHost;

/// <summary>Healthy when a TCP connection to 127.0.0.1:<paramref name="port"/> opens within 2 s.</summary>
internal sealed class TcpPortHealthCheck(int port) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"127.0.0.1:{port} does not accept connections");
        }
    }
}
