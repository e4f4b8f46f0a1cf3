using Conference.Notification.Reminders;

namespace Conference.Notification.Delivery;

/// <summary>The background loops that drive delivery: the SMTP sender (every second) and the reminder schedule (every 15 seconds).</summary>
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

/// <summary>Sends due messages (<see cref="MailSender"/> sends all that are due), then polls again after a second.</summary>
internal sealed class MailSendingWorker(MailSender sender, TimeProvider time, ILogger<MailSendingWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        DeliveryWorkers.PollAsync(async ct => { await sender.SendDueAsync(ct); return false; }, TimeSpan.FromSeconds(1), time, logger, "Mail sending", stoppingToken);
}

/// <summary>Turns due reminders into messages (<see cref="ReminderDispatcher"/>), polling every 15 seconds.</summary>
internal sealed class ReminderWorker(ReminderDispatcher dispatcher, TimeProvider time, ILogger<ReminderWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        DeliveryWorkers.PollAsync(async ct => await dispatcher.DispatchDueAsync(ct) >= 50, TimeSpan.FromSeconds(15), time, logger, "Reminder dispatch", stoppingToken);
}
