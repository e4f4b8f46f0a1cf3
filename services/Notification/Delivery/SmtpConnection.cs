using System.Net.Sockets;
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
/// The connection runs over a <see cref="HandOverStream"/>, so a caller can record a message as sent
/// between writing its end-of-data and reading the server's reply (<see cref="SendAsync"/>).
/// </summary>
internal sealed class SmtpConnection(SmtpEndpoint endpoint) : IAsyncDisposable
{
    /// <summary>A session unused for longer is closed and opened again before the next message.</summary>
    public static readonly TimeSpan MaxIdle = TimeSpan.FromSeconds(20);

    private readonly SmtpClient _client = new() { Timeout = 30_000 };
    private long _lastUsed;

    private HandOverStream? _stream;

    /// <summary>
    /// Sends <paramref name="message"/>; returns once the server answered 250 to its data. Throws
    /// MailKit's exceptions on refusal or failure. <paramref name="beforeReply"/>, when given, runs once
    /// the whole message, end-of-data included, is written and before the server's reply is read; it
    /// does not run when the send fails before the data (connection, sender or recipient refused).
    /// </summary>
    public async Task SendAsync(MimeMessage message, Func<ValueTask>? beforeReply, CancellationToken ct)
    {
        var reused = _client.IsConnected && System.Diagnostics.Stopwatch.GetElapsedTime(_lastUsed) < MaxIdle;
        if (!reused)
        {
            await ReconnectAsync(ct);
        }
        var stream = _stream!;
        try
        {
            if (beforeReply is not null)
            {
                stream.ArmForReply(beforeReply);
            }
            await _client.SendAsync(message, ct, stream);
        }
        catch
        {
            await CloseAsync(quit: false);
            throw;
        }
        finally
        {
            stream.Disarm();
        }
        _lastUsed = System.Diagnostics.Stopwatch.GetTimestamp();
    }

    private async Task ReconnectAsync(CancellationToken ct)
    {
        await CloseAsync(quit: true);
        var security = endpoint.UseTls ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable;
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                connecting.CancelAfter(_client.Timeout);
                await socket.ConnectAsync(endpoint.Host, endpoint.Port, connecting.Token);
            }
            // The 30 s hold for every read and write, whatever MailKit sets on a stream it is given.
            _stream = new HandOverStream(new NetworkStream(socket, ownsSocket: true)) { ReadTimeout = _client.Timeout, WriteTimeout = _client.Timeout };
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        await _client.ConnectAsync(_stream, endpoint.Host, endpoint.Port, security, ct);
        if (endpoint.Username is not null)
        {
            await _client.AuthenticateAsync(endpoint.Username, endpoint.Password ?? "", ct);
        }
        // One DATA exchange per message: with BDAT chunks MailKit would read replies between chunks.
        _client.Capabilities &= ~SmtpCapabilities.Chunking;
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
        if (_stream is not null)
        {
            await _stream.DisposeAsync();
            _stream = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync(quit: true);
        _client.Dispose();
    }
}
