using System.Collections.Concurrent;
using System.Diagnostics;
using netDumbster.smtp;

namespace Conference.Bench.Stack;

/// <summary>One email as it reached the sink: recipient, arrival (bench clock), subject, Message-ID.</summary>
internal sealed record Arrival(string To, long AtTicks, string Subject, string MessageId);

/// <summary>
/// The mail sink of a bench run: an in-process SMTP server (netDumbster) on <see cref="Port"/> that
/// records when each email arrives, on the same clock as the registration answers, so the notification
/// latency is measured without polling a web API. A drill stops and starts it like an SMTP relay
/// going down. Bodies are not kept (tens of thousands of emails arrive in a hot-session run).
/// </summary>
internal sealed class MailSink : IDisposable
{
    public const int Port = 13025;
    private readonly ConcurrentQueue<Arrival> _arrivals = new();
    private SimpleSmtpServer? _server;

    public static string Connection => $"Endpoint=smtp://127.0.0.1:{Port}";

    public static long Now => Stopwatch.GetTimestamp();

    public bool Running => _server is not null;

    public void Start()
    {
        if (_server is not null)
        {
            return;
        }
        _server = SimpleSmtpServer.Start(Port);
        _server.MessageReceived += (_, e) =>
        {
            var at = Now;
            var message = e.Message;
            foreach (var to in message.ToAddresses)
            {
                _arrivals.Enqueue(new Arrival(to.Address.ToLowerInvariant(), at,
                    message.Headers["Subject"] ?? "", message.Headers["Message-ID"] ?? message.Headers["Message-Id"] ?? ""));
            }
            _server?.ClearReceivedEmail();
        };
    }

    public void Stop()
    {
        _server?.Stop();
        _server?.Dispose();
        _server = null;
    }

    /// <summary>Everything received so far.</summary>
    public IReadOnlyList<Arrival> Arrivals => [.. _arrivals];

    /// <summary>Emails to recipients starting with <paramref name="prefix"/> (each run's attendees share one).</summary>
    public IReadOnlyList<Arrival> To(string prefix) => [.. _arrivals.Where(a => a.To.StartsWith(prefix, StringComparison.Ordinal))];

    public void Dispose() => Stop();
}
