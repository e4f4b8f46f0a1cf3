using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Conference.Notification.Delivery;

/// <summary>
/// One sender loop's SMTP session (MailKit), kept open between messages so an email costs one
/// MAIL/RCPT/DATA exchange rather than a new connection, greeting and EHLO. Connects on first use,
/// reconnects after a failure or after <see cref="MaxIdle"/> without use (servers drop idle
/// sessions, and a send that failed on a dropped session would count as a failed attempt). A failed
/// send is not repeated here: the server may have taken the message before the failure.
/// Every command times out after 30 s, well within <see cref="MailSender.Lease"/>.
/// </summary>
internal sealed class SmtpConnection(SmtpEndpoint endpoint) : IAsyncDisposable
{
    /// <summary>A session unused for longer is closed and opened again before the next message.</summary>
    public static readonly TimeSpan MaxIdle = TimeSpan.FromSeconds(20);

    private readonly SmtpClient _client = new() { Timeout = 30_000 };
    private long _lastUsed;

    /// <summary>Sends <paramref name="message"/>; returns once the server answered 250 to its data. Throws MailKit's exceptions on refusal or failure.</summary>
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        var reused = _client.IsConnected && System.Diagnostics.Stopwatch.GetElapsedTime(_lastUsed) < MaxIdle;
        if (!reused)
        {
            await ReconnectAsync(ct);
        }
        try
        {
            await _client.SendAsync(message, ct);
        }
        catch
        {
            await CloseAsync(quit: false);
            throw;
        }
        _lastUsed = System.Diagnostics.Stopwatch.GetTimestamp();
    }

    private async Task ReconnectAsync(CancellationToken ct)
    {
        await CloseAsync(quit: true);
        var security = endpoint.UseTls ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable;
        await _client.ConnectAsync(endpoint.Host, endpoint.Port, security, ct);
        if (endpoint.Username is not null)
        {
            await _client.AuthenticateAsync(endpoint.Username, endpoint.Password ?? "", ct);
        }
    }

    private async Task CloseAsync(bool quit)
    {
        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync(quit, CancellationToken.None);
            }
            catch (Exception ex) when (ex is IOException or SmtpProtocolException or SmtpCommandException or ServiceNotConnectedException)
            {
                // Already gone.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync(quit: true);
        _client.Dispose();
    }
}
