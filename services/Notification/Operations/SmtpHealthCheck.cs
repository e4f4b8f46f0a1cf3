using Conference.Notification.Delivery;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Conference.Notification.Operations;

/// <summary>
/// Readiness check <c>smtp</c>: the SMTP server (connection string <c>mail</c>) greets and answers
/// EHLO (MailKit's connect), and accepts the credentials when there are some. The result is kept for
/// 5 seconds, so frequent probes open few SMTP sessions.
/// </summary>
internal sealed class SmtpHealthCheck(SmtpEndpoint endpoint, TimeProvider time) : IHealthCheck, IDisposable
{
    private static readonly TimeSpan Cache = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, HealthCheckResult Result)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_last is { } last && time.GetUtcNow() - last.At < Cache)
            {
                return last.Result;
            }
            var result = await ProbeAsync(context.Registration.FailureStatus, cancellationToken);
            _last = (time.GetUtcNow(), result);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<HealthCheckResult> ProbeAsync(HealthStatus failure, CancellationToken ct)
    {
        using var smtp = new SmtpClient { Timeout = 2500 };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(2.5)); // within the 3 s every check gets
            var security = endpoint.UseTls ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable;
            await smtp.ConnectAsync(endpoint.Host, endpoint.Port, security, timeout.Token);
            if (endpoint.Username is not null)
            {
                await smtp.AuthenticateAsync(endpoint.Username, endpoint.Password ?? "", timeout.Token);
            }
            await smtp.DisconnectAsync(quit: true, timeout.Token);
            return HealthCheckResult.Healthy($"SMTP {endpoint.Host}:{endpoint.Port} answers");
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            return new HealthCheckResult(failure, $"SMTP {endpoint.Host}:{endpoint.Port} does not answer: {ex.GetBaseException().Message}");
        }
    }

    public void Dispose() => _gate.Dispose();
}
