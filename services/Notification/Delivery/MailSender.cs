using System.Diagnostics;
using System.Text.RegularExpressions;
using Conference.Messaging.Observability;
using Conference.Notification.Data;
using Conference.Notification.Messages;
using Conference.Notification.Operations;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Conference.Notification.Delivery;

/// <summary>
/// Sends pending outgoing messages over SMTP (MailKit), oldest first; <see cref="DeliveryWorkers"/> runs it. One message per transaction: the row is locked
/// with <c>FOR UPDATE SKIP LOCKED</c> (replicas never send the same row), sent, and marked sent before
/// the commit, so a restart mid-batch resends nothing that was marked. A failure schedules a retry
/// with exponential back-off (30 s doubling, at most 1 hour); after <see cref="MaxAttempts"/>
/// attempts, or at once on a permanent (5xx) refusal, the message is marked failed and stays visible
/// in the delivery log. Addresses never reach the logs: messages are named by id. Each attempt is a
/// <c>send email {kind}</c> span continuing the trace of the event that wrote the message.
/// </summary>
internal sealed partial class MailSender(
    IServiceScopeFactory scopes,
    SmtpEndpoint endpoint,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    NotificationMetrics metrics,
    ILogger<MailSender> logger)
{
    /// <summary>Attempts before a message is marked failed.</summary>
    public const int MaxAttempts = 8;

    /// <summary>Sends the messages due now (at most <paramref name="limit"/>), one at a time; returns how many were attempted.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct, int limit = int.MaxValue)
    {
        using var smtp = new SmtpClient();
        try
        {
            var attempted = 0;
            while (attempted < limit && await SendNextAsync(smtp, ct))
            {
                attempted++;
            }
            return attempted;
        }
        finally
        {
            if (smtp.IsConnected)
            {
                await smtp.DisconnectAsync(quit: true, CancellationToken.None);
            }
        }
    }

    private async Task<bool> SendNextAsync(SmtpClient smtp, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            var now = time.GetUtcNow();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var rows = await db.OutgoingMessages
                .FromSql($"SELECT * FROM outgoing_messages WHERE status = 'pending' AND next_attempt_at <= {now} ORDER BY next_attempt_at, serial LIMIT 1 FOR UPDATE SKIP LOCKED")
                .ToListAsync(ct);
            if (rows.Count == 0)
            {
                return false;
            }

            var message = rows[0];
            message.Attempts++;
            using var activity = NotificationMetrics.Source.StartContinuation($"send email {message.Kind}", ActivityKind.Internal, message.TraceParent);
            activity?.SetTag("notification.message.id", message.Id.ToString());
            activity?.SetTag("notification.kind", message.Kind);
            activity?.SetTag("notification.attempt", message.Attempts);
            activity?.SetTag(EventIds.SessionId, message.SessionId.ToString());
            activity?.SetTag(EventIds.RegistrationId, message.RegistrationId.ToString());
            using var logScope = logger.BeginScope(EventIds.Scope(message.SessionId, message.RegistrationId));
            try
            {
                await DeliverAsync(smtp, message, ct);
                message.Status = DeliveryStatus.Sent;
                message.SentAt = time.GetUtcNow();
                message.LastError = null;
                metrics.Sent(message.Kind, message.SentAt.Value, message.CausedAt);
                logger.LogInformation("Sent {Kind} message {MessageId} (attempt {Attempt})", message.Kind, message.Id, message.Attempts);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                var permanent = ex is SmtpCommandException { StatusCode: >= (SmtpStatusCode)500 };
                message.LastError = Scrub($"{ex.GetType().Name}: {ex.Message}");
                activity?.SetStatus(ActivityStatusCode.Error, message.LastError);
                if (permanent || message.Attempts >= MaxAttempts)
                {
                    message.Status = DeliveryStatus.Failed;
                    metrics.Failed(message.Kind);
                    logger.LogError("Message {MessageId} failed for good after {Attempts} attempts: {Error}", message.Id, message.Attempts, message.LastError);
                }
                else
                {
                    message.NextAttemptAt = time.GetUtcNow() + Backoff(message.Attempts);
                    metrics.Retried(message.Kind);
                    logger.LogWarning("Message {MessageId} not sent (attempt {Attempt}), retrying at {Next}: {Error}", message.Id, message.Attempts, message.NextAttemptAt, message.LastError);
                }
                if (smtp.IsConnected)
                {
                    await smtp.DisconnectAsync(quit: false, CancellationToken.None);
                }
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return true;
        });
    }

    /// <summary>30 s after the first failure, doubling, at most 1 hour.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(30 * Math.Pow(2, Math.Max(0, attempts - 1)), 3600));

    private async Task DeliverAsync(SmtpClient smtp, OutgoingMessage message, CancellationToken ct)
    {
        if (!smtp.IsConnected)
        {
            var security = endpoint.UseTls ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable;
            await smtp.ConnectAsync(endpoint.Host, endpoint.Port, security, ct);
            if (endpoint.Username is not null)
            {
                await smtp.AuthenticateAsync(endpoint.Username, endpoint.Password ?? "", ct);
            }
        }
        var o = options.Value;
        using var mime = MimeBuilder.Build(message, o.FromName, o.FromAddress);
        await smtp.SendAsync(mime, ct);
    }

    // SMTP replies may quote the address; the delivery log and logs must not.
    private static string Scrub(string error)
    {
        var scrubbed = EmailPattern().Replace(error, "<address>");
        return scrubbed.Length > 2000 ? scrubbed[..2000] : scrubbed;
    }

    [GeneratedRegex(@"[^\s<>""'@]+@[^\s<>""']+")]
    private static partial Regex EmailPattern();
}
