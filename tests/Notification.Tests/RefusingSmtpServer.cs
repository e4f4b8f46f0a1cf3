using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Conference.Notification.Tests;

/// <summary>
/// An SMTP server (RFC 5321) that takes every command and refuses every message at its end-of-data
/// with <see cref="Refusal"/>, as a relay does when its queue is full (451) or its content filter
/// says no (554). netDumbster and smtp4dev accept every message; this is the server side of that
/// one exchange, for the test of what a refusal after the end-of-data does to a message already
/// recorded as sent. One session at a time, plain text, no extensions.
/// </summary>
internal sealed class RefusingSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public RefusingSmtpServer(string refusal)
    {
        Refusal = refusal;
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>The reply to every end-of-data, e.g. "451 4.3.0 queue full".</summary>
    public string Refusal { get; }

    /// <summary>The port it listens on (127.0.0.1).</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Messages whose end-of-data it received (and refused).</summary>
    public int Refused { get; private set; }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            using (client)
            {
                try
                {
                    await SessionAsync(client.GetStream());
                }
                catch (IOException)
                {
                    // The client went away.
                }
            }
        }
    }

    private async Task SessionAsync(NetworkStream stream)
    {
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 refusing.test ESMTP");
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO" or "HELO":
                    await writer.WriteLineAsync("250 refusing.test");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 go ahead");
                    while (await reader.ReadLineAsync(_stop.Token) is { } data && data != ".")
                    {
                    }
                    Refused++;
                    await writer.WriteLineAsync(Refusal);
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 bye");
                    return;
                default: // MAIL, RCPT, RSET, NOOP
                    await writer.WriteLineAsync("250 ok");
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _serving;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
