using Conference.Contracts;
using Conference.Notification.Delivery;
using Conference.Notification.Messages;
using Conference.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Conference.Notification.Tests;

/// <summary>The sender: loops sharing the queue, the wake-up on commit, leases, order per attendee.</summary>
public sealed class DeliveryTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Several_sender_loops_share_the_queue_and_never_send_a_message_twice()
    {
        await using var host = await NotificationHost.StartAsync(database);
        var sessionId = Guid.NewGuid();
        Assert.Null(await host.DeliverAsync(Samples.Published(sessionId)));
        var attendees = Enumerable.Range(0, 40).Select(i => Samples.Attendee(sessionId, i % 2 == 0 ? "fr" : "es", "Europe/Paris")).ToList();
        foreach (var attendee in attendees)
        {
            Assert.Null(await host.DeliverAsync(Samples.Confirmed(attendee)));
        }

        var attempted = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => host.SendMailAsync())));

        Assert.Equal(40, attempted.Sum());
        Assert.True(attempted.Count(a => a > 0) > 1, $"the loops shared the queue: {string.Join(", ", attempted)}");
        foreach (var attendee in attendees)
        {
            Assert.Single(host.MailTo(attendee.Email));
        }
        await using var scope = host.Scope(out var db);
        var rows = await db.OutgoingMessages.Where(m => m.SessionId == sessionId).ToListAsync();
        Assert.Equal(40, rows.Count);
        Assert.All(rows, r => Assert.Equal((DeliveryStatus.Sent, 1, (string?)null), (r.Status, r.Attempts, r.LastError)));
    }

    [Fact]
    public async Task A_committed_message_wakes_a_sender_loop_without_waiting_for_the_poll()
    {
        // The loops poll only every 10 minutes: an email within a minute can only come from the wake-up.
        await using var host = await NotificationHost.StartAsync(database, senderPoll: TimeSpan.FromMinutes(10));
        var sessionId = Guid.NewGuid();
        Assert.Null(await host.DeliverAsync(Samples.Published(sessionId)));

        foreach (var attendee in new[] { Samples.Attendee(sessionId, "en", "Europe/London"), Samples.Attendee(sessionId, "es", "Europe/Madrid") })
        {
            Assert.Null(await host.DeliverAsync(Samples.Confirmed(attendee)));
            var arrived = await WaitForAsync(() => host.MailTo(attendee.Email).Count > 0, TimeSpan.FromMinutes(1));
            Assert.True(arrived, "the confirmation was not sent within a minute of its commit");
            Assert.Single(host.MailTo(attendee.Email));
        }
    }

    [Fact]
    public async Task A_message_claimed_by_a_sender_that_died_is_sent_once_when_its_lease_ends()
    {
        await using var host = await NotificationHost.StartAsync(database);
        var sessionId = Guid.NewGuid();
        Assert.Null(await host.DeliverAsync(Samples.Published(sessionId)));
        var attendee = Samples.Attendee(sessionId, "fr", "Europe/Paris");
        Assert.Null(await host.DeliverAsync(Samples.Confirmed(attendee)));
        // What a claim leaves behind when its process is killed before the SMTP exchange.
        await using (var scope = host.Scope(out var db))
        {
            var leaseEnd = host.Time.GetUtcNow() + MailSender.Lease;
            await db.OutgoingMessages.Where(m => m.RegistrationId == attendee.RegistrationId)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, leaseEnd).SetProperty(m => m.Attempts, 1));
        }

        Assert.Equal(0, await host.SendMailAsync());
        Assert.Empty(host.MailTo(attendee.Email));

        host.Time.Advance(MailSender.Lease);
        Assert.Equal(1, await host.SendMailAsync());
        Assert.Equal(0, await host.SendMailAsync());
        Assert.Single(host.MailTo(attendee.Email));
        await using (var scope = host.Scope(out var db))
        {
            var row = await db.OutgoingMessages.SingleAsync(m => m.RegistrationId == attendee.RegistrationId);
            Assert.Equal((DeliveryStatus.Sent, 2), (row.Status, row.Attempts));
        }
    }

    [Fact]
    public async Task A_later_message_waits_while_an_earlier_one_to_the_same_attendee_is_retrying()
    {
        await using var host = await NotificationHost.StartAsync(database);
        var sessionId = Guid.NewGuid();
        Assert.Null(await host.DeliverAsync(Samples.Published(sessionId)));
        var attendee = Samples.Attendee(sessionId, "es", "Europe/Madrid");
        Assert.Null(await host.DeliverAsync(new RegistrationWaitlisted(Guid.NewGuid(), NotificationHost.Now.AddSeconds(1), attendee, 2)));
        Assert.Null(await host.DeliverAsync(new RegistrationPromoted(Guid.NewGuid(), NotificationHost.Now.AddSeconds(5), attendee)));
        // The waiting-list message failed once and backs off for 30 s.
        await using (var scope = host.Scope(out var db))
        {
            var retryAt = host.Time.GetUtcNow() + MailSender.Backoff(1);
            await db.OutgoingMessages.Where(m => m.RegistrationId == attendee.RegistrationId && m.Kind == MessageKind.Waitlisted)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, retryAt).SetProperty(m => m.Attempts, 1));
        }

        Assert.Equal(0, await host.SendMailAsync()); // the promotion is due, but not before the waiting list
        Assert.Empty(host.MailTo(attendee.Email));

        host.Time.Advance(MailSender.Backoff(1));
        Assert.Equal(2, await host.SendMailAsync());
        await using (var scope = host.Scope(out var db))
        {
            var rows = await db.OutgoingMessages.Where(m => m.RegistrationId == attendee.RegistrationId).OrderBy(m => m.Serial).ToListAsync();
            Assert.Equal([MessageKind.Waitlisted, MessageKind.Promoted], rows.Select(r => r.Kind));
            Assert.All(rows, r => Assert.Equal(DeliveryStatus.Sent, r.Status));
        }
        Assert.Equal(2, host.MailTo(attendee.Email).Count);
    }

    [Fact]
    public async Task A_message_is_recorded_as_sent_before_the_server_answers_its_end_of_data()
    {
        // What the message's row reads while the server holds the whole message and has not answered
        // yet (netDumbster raises MessageReceived before its 250): the sender wrote its mark without
        // waiting for the answer, so the row turns "sent" meanwhile; a sender that marks on the 250
        // leaves it "pending" however long the server waits (HandOverStream). The mark is written
        // right after the end-of-data; PostgreSQL may commit it a moment after the server has the dot.
        await using var host = await NotificationHost.StartAsync(database);
        var sessionId = Guid.NewGuid();
        Assert.Null(await host.DeliverAsync(Samples.Published(sessionId)));
        var attendees = Enumerable.Range(0, 3).Select(_ => Samples.Attendee(sessionId, "fr", "Europe/Paris")).ToList();
        foreach (var attendee in attendees)
        {
            Assert.Null(await host.DeliverAsync(Samples.Confirmed(attendee)));
        }
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string?>();
        host.Smtp.MessageReceived += (_, e) =>
        {
            var messageId = MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(e.Message.Data))).MessageId;
            using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
            connection.Open();
            using var read = new Npgsql.NpgsqlCommand("SELECT status FROM outgoing_messages WHERE replace(id::text, '-', '') || '@conference' = $1", connection)
            {
                Parameters = { new() { Value = messageId } },
            };
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var status = read.ExecuteScalar() as string;
            while (status != DeliveryStatus.Sent && clock.Elapsed < TimeSpan.FromSeconds(3))
            {
                Thread.Sleep(20);
                status = read.ExecuteScalar() as string;
            }
            seen.Enqueue(status);
        };

        Assert.Equal(3, await host.SendMailAsync());

        Assert.Equal([DeliveryStatus.Sent, DeliveryStatus.Sent, DeliveryStatus.Sent], seen);
        await using var scope = host.Scope(out var db);
        var rows = await db.OutgoingMessages.Where(m => m.SessionId == sessionId).ToListAsync();
        Assert.All(rows, r => Assert.Equal((DeliveryStatus.Sent, 1), (r.Status, r.Attempts)));
        Assert.All(attendees, a => Assert.Single(host.MailTo(a.Email)));
    }

    private static async Task<bool> WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }
            await Task.Delay(50);
        }
        return true;
    }
}
