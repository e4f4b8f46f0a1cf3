using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;

namespace Conference.Messaging.Observability;

/// <summary>
/// Readiness check <c>rabbitmq</c>: RabbitMQ answers an AMQP connection, and the bus's consumers are
/// connected. When the broker comes back, MassTransit reconnects the consumers on its own retry
/// schedule (exponential, up to 30 s plus jitter, not configurable), so for up to
/// <see cref="ReconnectGrace"/> after the broker answers again the service counts as ready while they
/// reconnect (messages wait in their durable queues meanwhile); after that, consumers still not
/// connected make it unhealthy. The AMQP probe is cached for 2 seconds. MassTransit's own bus check is
/// tagged <c>detail</c> and shows only in <c>/ops/health</c>.
/// </summary>
internal sealed class RabbitMqReadiness(IBusControl bus, Uri broker, TimeProvider time) : IHealthCheck, IDisposable
{
    /// <summary>How long consumers may take to reconnect once the broker answers.</summary>
    public static readonly TimeSpan ReconnectGrace = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan ProbeCache = TimeSpan.FromSeconds(2);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, string? Error) _probe = (DateTimeOffset.MinValue, null);
    private DateTimeOffset? _reconnectingSince;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var error = await ProbeAsync(cancellationToken);
        var now = time.GetUtcNow();
        if (error is not null)
        {
            _reconnectingSince = null;
            return new HealthCheckResult(context.Registration.FailureStatus, $"RabbitMQ does not answer: {error}");
        }

        var health = bus.CheckHealth();
        if (health.Status == BusHealthStatus.Healthy)
        {
            _reconnectingSince = null;
            return HealthCheckResult.Healthy("RabbitMQ answers; consumers connected");
        }

        _reconnectingSince ??= now;
        var waited = now - _reconnectingSince.Value;
        return waited < ReconnectGrace
            ? HealthCheckResult.Healthy($"RabbitMQ answers; consumers reconnecting for {waited.TotalSeconds:0} s ({health.Description})")
            : new HealthCheckResult(context.Registration.FailureStatus, $"RabbitMQ answers but consumers have not reconnected for {waited.TotalSeconds:0} s ({health.Description})");
    }

    public void Dispose() => _gate.Dispose();

    private async Task<string?> ProbeAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (time.GetUtcNow() - _probe.At < ProbeCache)
            {
                return _probe.Error;
            }
            string? error = null;
            try
            {
                var factory = new ConnectionFactory
                {
                    Uri = broker,
                    AutomaticRecoveryEnabled = false,
                    RequestedConnectionTimeout = TimeSpan.FromSeconds(2.5), // within the 3 s every check gets
                    ClientProvidedName = "readiness probe",
                };
                await using var connection = await factory.CreateConnectionAsync(ct);
                await connection.CloseAsync(ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                error = ex.GetBaseException().Message;
            }
            _probe = (time.GetUtcNow(), error);
            return error;
        }
        finally
        {
            _gate.Release();
        }
    }
}
