using Conference.Notification.Reminders;
using Microsoft.Extensions.Options;

namespace Conference.Notification.Delivery;

/// <summary>The polling helper of the reminder schedule (every 15 seconds); the SMTP sender has its own loops (<see cref="MailSendingWorker"/>).</summary>
internal static class DeliveryWorkers
{
    /// <summary>Runs <paramref name="work"/> until stopped; waits <paramref name="idle"/> when it found nothing, and after a failure.</summary>
    public static async Task PollAsync(Func<CancellationToken, Task<bool>> work, TimeSpan idle, TimeProvider time, ILogger logger, string what, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await work(stoppingToken))
                {
                    await Task.Delay(idle, time, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "{What} failed; retrying", what);
                await Task.Delay(idle, time, stoppingToken);
            }
        }
    }
}

/// <summary>
/// Wakes the mail sender's loops: notified after every commit of Notification's database (a consumer or
/// the reminder dispatcher wrote a message) and by the ops re-send; the shared wake-up of
/// <c>services/Messaging</c>, as an instance of its own.
/// </summary>
internal sealed class MailSignal : Conference.Messaging.Outbox.OutboxSignal;

/// <summary>
/// How the mail sender runs: <c>Mail:SenderLoops</c> loops per process (default 8, each with its own
/// SMTP session) and <c>Mail:SenderPoll</c>, the poll that remains the guarantee when no commit wakes
/// a loop (default 1 second: back-off and lease ends, rows written by other replicas).
/// </summary>
internal sealed class DeliveryOptions
{
    /// <summary>Sender loops per process.</summary>
    public int SenderLoops { get; set; } = 8;

    /// <summary>Longest sleep of an idle loop.</summary>
    public TimeSpan SenderPoll { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// Runs <see cref="DeliveryOptions.SenderLoops"/> sender loops over <see cref="MailSender"/>, each with
/// its own SMTP session. An idle loop sleeps until a commit wakes it (<see cref="MailSignal"/>, one loop
/// per wake-up) or <see cref="DeliveryOptions.SenderPoll"/> passes; a loop that claimed a full batch
/// wakes another and claims again at once, so more loops join as the queue grows.
/// </summary>
internal sealed class MailSendingWorker(
    MailSender sender,
    MailSignal signal,
    SmtpEndpoint endpoint,
    IOptions<DeliveryOptions> options,
    ILogger<MailSendingWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.SenderLoops))
            .Select(_ => Task.Run(() => LoopAsync(options.Value.SenderPoll, stoppingToken), CancellationToken.None)));

    private async Task LoopAsync(TimeSpan poll, CancellationToken stoppingToken)
    {
        await using var smtp = new SmtpConnection(endpoint);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var (claimed, _) = await sender.SendBatchAsync(smtp, MailSender.BatchSize, stoppingToken);
                if (claimed == MailSender.BatchSize)
                {
                    signal.Notify(); // more may be due: another loop looks while this one sends
                }
                else
                {
                    await signal.WaitAsync(poll, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Mail sending failed; retrying");
                await Task.Delay(poll, stoppingToken);
            }
        }
    }
}

/// <summary>Turns due reminders into messages (<see cref="ReminderDispatcher"/>), polling every 15 seconds.</summary>
internal sealed class ReminderWorker(ReminderDispatcher dispatcher, TimeProvider time, ILogger<ReminderWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        DeliveryWorkers.PollAsync(async ct => await dispatcher.DispatchDueAsync(ct) >= 50, TimeSpan.FromSeconds(15), time, logger, "Reminder dispatch", stoppingToken);
}
