using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Conference.Bench.Stack;

/// <summary>One email as it reached the sink: recipient, arrival (bench clock), subject, Message-ID.</summary>
internal sealed record Arrival(string To, long AtTicks, string Subject, string MessageId);

/// <summary>
/// The mail sink of a bench run: an in-process SMTP server (the <c>SmtpServer</c> library) on
/// <see cref="Port"/> that records when each email arrives (when its data is complete, before the 250
/// answer), on the same clock as the registration answers, so the notification latency is measured
/// without polling a web API. Like any SMTP relay it serves many sessions at once (netDumbster, used
/// before, served one at a time: a sender keeping sessions open would wait on it). A drill stops and
/// starts it like an SMTP relay going down: stopping closes the listener and every open session.
/// Bodies are not kept (tens of thousands of emails arrive in a hot-session run).
/// </summary>
internal sealed class MailSink : IDisposable
{
    public const int Port = 13025;
    private readonly ConcurrentQueue<Arrival> _arrivals = new();
    private (SmtpServer.SmtpServer Server, CancellationTokenSource Stop, Task Running)? _server;

    public static string Connection => $"Endpoint=smtp://127.0.0.1:{Port}";

    public static long Now => Stopwatch.GetTimestamp();

    public bool Running => _server is not null;

    public void Start()
    {
        if (_server is not null)
        {
            return;
        }
        var options = new SmtpServerOptionsBuilder()
            .ServerName("bench-sink")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)).SessionTimeout(TimeSpan.FromMinutes(2)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        var server = new SmtpServer.SmtpServer(options, services);
        var stop = new CancellationTokenSource();
        var running = server.StartAsync(stop.Token);
        _server = (server, stop, running);
        // Listening once StartAsync has bound the endpoint (it binds before its first await).
        for (var i = 0; i < 100 && !Shell.PortOpen(Port); i++)
        {
            Thread.Sleep(20);
        }
    }

    public void Stop()
    {
        if (_server is not { } s)
        {
            return;
        }
        _server = null;
        s.Stop.Cancel(); // closes the listener and cancels every session
        try
        {
            s.Running.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // cancelled, as asked
        }
        s.Stop.Dispose();
    }

    private void Record(IMessageTransaction transaction, ReadOnlySequence<byte> data)
    {
        var at = Now;
        var (subject, messageId) = Headers(data);
        foreach (var to in transaction.To)
        {
            _arrivals.Enqueue(new Arrival($"{to.User}@{to.Host}".ToLowerInvariant(), at, subject, messageId));
        }
    }

    // Subject and Message-ID from the header block (unfolded), without parsing the body.
    private static (string Subject, string MessageId) Headers(ReadOnlySequence<byte> data)
    {
        var text = Encoding.UTF8.GetString(data.Length > 65536 ? data.Slice(0, 65536).ToArray() : data.ToArray());
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var block = (end < 0 ? text : text[..end]).Replace("\r\n ", " ", StringComparison.Ordinal).Replace("\r\n\t", " ", StringComparison.Ordinal);
        string subject = "", messageId = "";
        foreach (var line in block.Split("\r\n"))
        {
            if (line.StartsWith("Subject:", StringComparison.OrdinalIgnoreCase))
            {
                subject = line[8..].Trim();
            }
            else if (line.StartsWith("Message-ID:", StringComparison.OrdinalIgnoreCase))
            {
                messageId = line[11..].Trim().Trim('<', '>');
            }
        }
        return (subject, messageId);
    }

    private sealed class Store(MailSink sink) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            sink.Record(transaction, buffer);
            return Task.FromResult(SmtpResponse.Ok);
        }
    }

    /// <summary>Everything received so far.</summary>
    public IReadOnlyList<Arrival> Arrivals => [.. _arrivals];

    /// <summary>Emails to recipients starting with <paramref name="prefix"/> (each run's attendees share one).</summary>
    public IReadOnlyList<Arrival> To(string prefix) => [.. _arrivals.Where(a => a.To.StartsWith(prefix, StringComparison.Ordinal))];

    public void Dispose() => Stop();
}
