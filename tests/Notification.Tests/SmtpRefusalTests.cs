using Conference.Notification.Delivery;
using Conference.Notification.Messages;
using Conference.Tests.Infrastructure;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;

namespace Conference.Notification.Tests;

/// <summary>
/// <see cref="MailSender.IsPermanent"/>: which SMTP refusals end a message's delivery at once (it is
/// marked failed, ops re-send it) and which are tried again with back-off (RFC 5321 §4.2.1).
/// </summary>
public sealed class SmtpRefusalTests
{
    [Theory]
    [InlineData(SmtpErrorCode.RecipientNotAccepted, 550)] // no such mailbox
    [InlineData(SmtpErrorCode.RecipientNotAccepted, 551)] // not local
    [InlineData(SmtpErrorCode.RecipientNotAccepted, 553)] // address not allowed
    public void A_refusal_of_the_address_itself_is_final(SmtpErrorCode error, int status) =>
        Assert.True(MailSender.IsPermanent(new SmtpCommandException(error, (SmtpStatusCode)status, "refused")));

    [Theory]
    [InlineData(SmtpErrorCode.MessageNotAccepted, 554)]   // transaction failed: a relay under load may take it later
    [InlineData(SmtpErrorCode.MessageNotAccepted, 552)]
    [InlineData(SmtpErrorCode.RecipientNotAccepted, 554)]
    [InlineData(SmtpErrorCode.MessageNotAccepted, 503)]   // bad sequence: our session's state, not the message
    [InlineData(SmtpErrorCode.UnexpectedStatusCode, 500)] // syntax error
    [InlineData(SmtpErrorCode.RecipientNotAccepted, 501)]
    [InlineData(SmtpErrorCode.SenderNotAccepted, 550)]    // the relay refuses our From: configuration, fixable
    [InlineData(SmtpErrorCode.RecipientNotAccepted, 450)] // mailbox busy
    [InlineData(SmtpErrorCode.MessageNotAccepted, 451)]   // local error
    public void Other_refusals_are_tried_again(SmtpErrorCode error, int status) =>
        Assert.False(MailSender.IsPermanent(new SmtpCommandException(error, (SmtpStatusCode)status, "try later")));

    [Fact]
    public void A_message_that_cannot_be_built_is_final()
    {
        var parse = Assert.ThrowsAny<MimeKit.ParseException>(() => MimeKit.MailboxAddress.Parse(MimeKit.ParserOptions.Default, "a.@example.org"));
        Assert.True(MailSender.IsPermanent(parse));
    }

    [Fact]
    public void A_broken_connection_or_a_timeout_is_tried_again()
    {
        Assert.False(MailSender.IsPermanent(new IOException("connection reset")));
        Assert.False(MailSender.IsPermanent(new TimeoutException()));
        Assert.False(MailSender.IsPermanent(new SmtpProtocolException("unexpected reply")));
    }
}

/// <summary>
/// A refusal in the server's reply to the end-of-data, after the message was already recorded as sent
/// (<see cref="HandOverStream"/>): the record is undone. Its own database: the message it leaves
/// pending must not be sent by another test's sender.
/// </summary>
public sealed class SmtpRefusalAtEndOfDataTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task A_message_refused_at_its_end_of_data_is_set_back_to_pending_though_recorded_before_the_reply()
    {
        await using var refusing = new RefusingSmtpServer("451 4.3.0 Queue full, try again later");
        await using var host = await NotificationHost.StartAsync(database, mailPort: refusing.Port);
        var sessionId = Guid.NewGuid();
        Assert.Null(await host.DeliverAsync(Samples.Published(sessionId)));
        var attendee = Samples.Attendee(sessionId, "es", "Europe/Madrid");
        Assert.Null(await host.DeliverAsync(Samples.Confirmed(attendee)));

        Assert.Equal(1, await host.SendMailAsync());

        Assert.Equal(1, refusing.Refused);
        await using var scope = host.Scope(out var db);
        var row = await db.OutgoingMessages.AsNoTracking().SingleAsync(m => m.RegistrationId == attendee.RegistrationId);
        Assert.Equal((DeliveryStatus.Pending, 1, (DateTimeOffset?)null), (row.Status, row.Attempts, row.SentAt));
        Assert.Equal(host.Time.GetUtcNow() + MailSender.Backoff(1), row.NextAttemptAt);
        Assert.Contains("451", row.LastError);
    }
}
