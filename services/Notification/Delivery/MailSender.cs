using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Conference.Messaging.Observability;
using Conference.Notification.Data;
using Conference.Notification.Messages;
using Conference.Notification.Operations;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Conference.Notification.Delivery;

/// <summary>
/// Sends pending outgoing messages over SMTP (MailKit), oldest first, from several loops
/// (<see cref="MailSendingWorker"/>) that share the rows:
/// <list type="number">
/// <item><b>Claim</b>: one short statement takes up to <see cref="BatchSize"/> due rows
/// (<c>FOR UPDATE SKIP LOCKED</c>, so loops and replicas never take the same row), counts the attempt
/// and leases them by moving <c>next_attempt_at</c> <see cref="Lease"/> ahead; it commits at once. A
/// row whose registration has an older message still pending is left for later, so each attendee
/// reads their messages in the order written. A process that dies holding a lease loses nothing:
/// the rows become due again when it runs out.</item>
/// <item><b>Send</b>: no database transaction is open during SMTP; each loop keeps its SMTP
/// connection (<see cref="SmtpConnection"/>) open between messages.</item>
/// <item><b>Mark sent</b>: once the message's end-of-data is written and before the server's reply
/// is read (<see cref="HandOverStream"/>), one autocommit <c>UPDATE</c> on the connection already
/// open; a refusal in the reply then sets the message back to pending (or failed). Once PostgreSQL has
/// received it the email counts as sent even if this process dies. If PostgreSQL is away the mark is
/// made after the server's 250 instead, retried until it succeeds, the fact kept in memory meanwhile
/// (no resend). The only window in which a crash resends an email is between writing the dot and
/// writing that statement, a few instructions of the same thread (RFC 1047: plain SMTP cannot tell
/// whether a server took a message); the copy keeps its Message-ID.</item>
/// </list>
/// A failure schedules a retry with exponential back-off (30 s doubling, at most 1 hour); after
/// <see cref="MaxAttempts"/> attempts, or at once on a permanent refusal (<see cref="IsPermanent"/>), the message is marked
/// failed and stays visible in the delivery log. Addresses never reach the logs: messages are named by
/// id. Each attempt is a <c>send email {kind}</c> span continuing the trace of the event that wrote the message.
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

    /// <summary>Rows one claim takes (one statement per batch; a dead process strands at most this many per loop until the lease ends).</summary>
    public const int BatchSize = 4;

    /// <summary>How long a claim holds its rows: far beyond one SMTP exchange (the client times out after 30 s).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    // Sent (250 received) but not yet recorded because PostgreSQL was away: never sent again by this process.
    private readonly ConcurrentDictionary<Guid, byte> _handedOver = new();

    /// <summary>
    /// Sends what is due now (at most <paramref name="limit"/> messages) over one SMTP connection,
    /// batch after batch until nothing is due; returns how many were attempted. Tests call it directly.
    /// </summary>
    public async Task<int> SendDueAsync(CancellationToken ct, int limit = int.MaxValue)
    {
        await using var smtp = new SmtpConnection(endpoint);
        var attempted = 0;
        while (attempted < limit)
        {
            var (claimed, sent) = await SendBatchAsync(smtp, Math.Min(BatchSize, limit - attempted), ct);
            attempted += sent;
            if (claimed == 0)
            {
                break;
            }
        }
        return attempted;
    }

    /// <summary>
    /// Claims up to <paramref name="max"/> due messages and attempts each over <paramref name="smtp"/>;
    /// returns how many were claimed and how many attempted. Claimed messages left unattempted (on
    /// cancellation) are released at once.
    /// </summary>
    public async Task<(int Claimed, int Attempted)> SendBatchAsync(SmtpConnection smtp, int max, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        // One connection for the claim and every mark of the batch, so a mark is a single write to a socket already open.
        await db.Database.OpenConnectionAsync(ct);
        List<OutgoingMessage> batch;
        try
        {
            batch = await ClaimAsync(db, max, ct);
        }
        catch
        {
            await db.Database.CloseConnectionAsync();
            throw;
        }
        var attempted = 0;
        try
        {
            foreach (var message in batch)
            {
                ct.ThrowIfCancellationRequested();
                attempted++;
                if (_handedOver.ContainsKey(message.Id))
                {
                    continue; // another loop of this process has it sent and is recording it
                }
                await AttemptAsync(db, smtp, message, ct);
            }
        }
        finally
        {
            if (attempted < batch.Count)
            {
                await ReleaseAsync(db, batch.Skip(attempted).Select(m => m.Id).ToArray());
            }
            // Opened above, so closed here: a pooled context would go back to its pool with it still open.
            await db.Database.CloseConnectionAsync();
        }
        return (batch.Count, attempted);
    }

    /// <summary>30 s after the first failure, doubling, at most 1 hour.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(30 * Math.Pow(2, Math.Max(0, attempts - 1)), 3600));

    private async Task<List<OutgoingMessage>> ClaimAsync(NotificationDbContext db, int max, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var leaseUntil = now + Lease;
        var rows = await db.OutgoingMessages.FromSql($"""
            UPDATE outgoing_messages o SET next_attempt_at = {leaseUntil}, attempts = o.attempts + 1
            FROM (SELECT c.id FROM outgoing_messages c
                  WHERE c.status = 'pending' AND c.next_attempt_at <= {now}
                    AND NOT EXISTS (SELECT 1 FROM outgoing_messages e
                                    WHERE e.registration_id = c.registration_id AND e.status = 'pending' AND e.serial < c.serial)
                  ORDER BY c.next_attempt_at, c.serial
                  LIMIT {max}
                  FOR UPDATE OF c SKIP LOCKED) due
            WHERE o.id = due.id
            RETURNING o.*
            """).AsNoTracking().ToListAsync(ct);
        return [.. rows.OrderBy(m => m.Serial)];
    }

    private async Task AttemptAsync(NotificationDbContext db, SmtpConnection smtp, OutgoingMessage message, CancellationToken ct)
    {
        using var activity = NotificationMetrics.Source.StartContinuation($"send email {message.Kind}", ActivityKind.Internal, message.TraceParent);
        activity?.SetTag("notification.message.id", message.Id.ToString());
        activity?.SetTag("notification.kind", message.Kind);
        activity?.SetTag("notification.attempt", message.Attempts);
        activity?.SetTag(EventIds.SessionId, message.SessionId.ToString());
        activity?.SetTag(EventIds.RegistrationId, message.RegistrationId.ToString());
        using var logScope = logger.BeginScope(EventIds.Scope(message.SessionId, message.RegistrationId));
        var o = options.Value;
        var marked = false;
        DateTimeOffset sentAt = default;
        try
        {
            using var mime = MimeBuilder.Build(message, o.FromName, o.FromAddress);
            // Not the stopping token: a send under way finishes (or times out) and is recorded, rather
            // than being cut between the server's acceptance and the mark.
            await smtp.SendAsync(mime, async () =>
            {
                // The end-of-data is written, the server's reply not read: record it now (HandOverStream).
                sentAt = time.GetUtcNow();
                marked = await TryMarkSentAsync(db, message.Id, sentAt);
            }, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Also after an early mark: the refusal sets the message back to pending (or failed).
            await RecordFailureAsync(db, message, ex, activity);
            return;
        }

        if (!marked)
        {
            sentAt = time.GetUtcNow();
            await MarkSentAsync(db, message.Id, sentAt, ct);
        }
        metrics.Sent(message.Kind, sentAt, message.CausedAt);
        logger.LogInformation("Sent {Kind} message {MessageId} (attempt {Attempt})", message.Kind, message.Id, message.Attempts);
    }

    /// <summary>One try at recording the message as sent; false when PostgreSQL could not be reached (the caller retries after the reply).</summary>
    private async Task<bool> TryMarkSentAsync(NotificationDbContext db, Guid id, DateTimeOffset sentAt)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return false;
        }
        try
        {
            await using var mark = MarkSentCommand(connection, id, sentAt);
            await mark.ExecuteNonQueryAsync(CancellationToken.None);
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
        {
            return false;
        }
    }

    private static NpgsqlCommand MarkSentCommand(NpgsqlConnection connection, Guid id, DateTimeOffset sentAt) =>
        new("UPDATE outgoing_messages SET status = 'sent', sent_at = $1, last_error = NULL WHERE id = $2", connection)
        {
            Parameters = { new() { Value = sentAt }, new() { Value = id } },
        };

    /// <summary>
    /// Records the SMTP server's acceptance: one statement, written to the open connection at once.
    /// While PostgreSQL is away it is retried (the fact is kept in memory, the message is not sent
    /// again by this process); only stopping the process gives up, after a last 10 s of trying.
    /// </summary>
    private async Task MarkSentAsync(NotificationDbContext db, Guid id, DateTimeOffset sentAt, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var delay = TimeSpan.FromMilliseconds(100);
        DateTimeOffset? giveUpAt = null;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (connection.State != System.Data.ConnectionState.Open)
                {
                    await connection.CloseAsync();
                    await connection.OpenAsync(CancellationToken.None);
                }
                await using var mark = MarkSentCommand(connection, id, sentAt);
                await mark.ExecuteNonQueryAsync(CancellationToken.None);
                _handedOver.TryRemove(id, out _);
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
            {
                _handedOver[id] = 0;
                if (ct.IsCancellationRequested)
                {
                    giveUpAt ??= time.GetUtcNow() + TimeSpan.FromSeconds(10);
                    if (time.GetUtcNow() > giveUpAt)
                    {
                        logger.LogError(ex, "Message {MessageId} was accepted by the SMTP server but could not be recorded as sent; it will be sent again after a restart", id);
                        throw;
                    }
                }
                logger.LogWarning(ex, "Message {MessageId} was accepted by the SMTP server; recording it as sent failed (try {Try}), retrying", id, attempt);
                await Task.Delay(delay, CancellationToken.None);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    private async Task RecordFailureAsync(NotificationDbContext db, OutgoingMessage message, Exception ex, Activity? activity)
    {
        var permanent = IsPermanent(ex);
        var error = Scrub(ex is SmtpCommandException smtpRefusal
            ? $"{ex.GetType().Name} {(int)smtpRefusal.StatusCode} ({smtpRefusal.ErrorCode}): {ex.Message}"
            : $"{ex.GetType().Name}: {ex.Message}");
        activity?.SetStatus(ActivityStatusCode.Error, error);
        string status;
        var next = message.NextAttemptAt;
        if (permanent || message.Attempts >= MaxAttempts)
        {
            status = DeliveryStatus.Failed;
            metrics.Failed(message.Kind);
            logger.LogError("Message {MessageId} failed for good after {Attempts} attempts: {Error}", message.Id, message.Attempts, error);
        }
        else
        {
            status = DeliveryStatus.Pending;
            next = time.GetUtcNow() + Backoff(message.Attempts);
            metrics.Retried(message.Kind);
            logger.LogWarning("Message {MessageId} not sent (attempt {Attempt}), retrying at {Next}: {Error}", message.Id, message.Attempts, next, error);
        }
        try
        {
            await db.Database.ExecuteSqlAsync(
                $"UPDATE outgoing_messages SET status = {status}, sent_at = NULL, next_attempt_at = {next}, last_error = {error} WHERE id = {message.Id}");
        }
        catch (Exception dbError) when (dbError is NpgsqlException or InvalidOperationException)
        {
            // The lease runs out and the message is tried again: nothing was delivered, so nothing doubles.
            logger.LogWarning(dbError, "Recording the failed attempt of message {MessageId} failed; it is tried again when its lease ends", message.Id);
        }
    }

    /// <summary>
    /// Whether a refusal is final for this message (RFC 5321 §4.2.1): the recipient refused with 550
    /// (no such mailbox), 551 (not local) or 553 (address not allowed) — the address itself is
    /// wrong, retrying cannot help. Everything else is tried again with back-off, up to
    /// <see cref="MaxAttempts"/> attempts over about two hours: 4xx replies, broken connections,
    /// timeouts; 5xx replies to the data (552, 554: a relay under load or a filter may answer those
    /// for a message it takes later; a bench run's sink answered 554 to seven messages during a
    /// PostgreSQL restart, and marking them failed lost them); a 5xx to the sender address (the
    /// relay refusing our From, a configuration matter ops can fix); and 500–504 (syntax, bad
    /// sequence, not implemented), which mean the session's state went wrong — the next attempt
    /// starts on a new connection. Losing an email costs more than trying a few more times. A message that cannot be built
    /// (an address MimeKit cannot parse, from before Registration's stricter rule) is final too: it
    /// fails at once and shows in the delivery log instead of being claimed again every minute.
    /// </summary>
    public static bool IsPermanent(Exception ex) =>
        ex is MimeKit.ParseException or FormatException
        || ex is SmtpCommandException
        {
            ErrorCode: SmtpErrorCode.RecipientNotAccepted,
            StatusCode: SmtpStatusCode.MailboxUnavailable or SmtpStatusCode.UserNotLocalTryAlternatePath or SmtpStatusCode.MailboxNameNotAllowed,
        };

    /// <summary>Gives unattempted claimed rows back (due now, attempt not counted); best effort, the lease is the guarantee.</summary>
    private async Task ReleaseAsync(NotificationDbContext db, Guid[] ids)
    {
        var now = time.GetUtcNow();
        try
        {
            await db.Database.ExecuteSqlAsync(
                $"UPDATE outgoing_messages SET next_attempt_at = {now}, attempts = attempts - 1 WHERE id = ANY({ids}) AND status = 'pending'");
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            logger.LogDebug(ex, "Releasing {Count} claimed messages failed; their lease ends in {Lease}", ids.Length, Lease);
        }
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
