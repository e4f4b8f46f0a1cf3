using Conference.Notification.Messages;
using Conference.Tests.Infrastructure;
using Ical.Net;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Conference.Notification.Tests;

/// <summary>The main journey: a confirmed registration becomes exactly one email, in a real SMTP server.</summary>
public sealed class ConfirmationEmailTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task A_confirmed_registration_sends_one_email_whose_invitation_starts_at_the_session_start()
    {
        await using var host = await NotificationHost.StartAsync(database);
        var sessionId = Guid.NewGuid();
        Assert.Null(await host.DeliverAsync(Samples.Published(sessionId)));
        var attendee = Samples.Attendee(sessionId, "es", "America/Argentina/Cordoba");
        Assert.Null(await host.DeliverAsync(Samples.Confirmed(attendee)));

        await host.SendMailAsync();

        var mail = Assert.Single(host.MailTo(attendee.Email));
        Assert.Equal($"Su plaza está confirmada: {Samples.SpanishTitle}", mail.Subject);
        Assert.Contains("martes 1 de junio de 2021, de 14:05 a 15:35 (hora de America/Argentina/Cordoba)", mail.TextBody);
        Assert.Contains("1 de junio: 14:05–15:35 (UTC-3) / 19:05–20:35 (UTC+2)", mail.TextBody);
        Assert.Contains(Samples.JoinUrl, mail.TextBody);
        Assert.Contains($"https://forum.example/registrations/{attendee.RegistrationId}?token={attendee.ManageToken}", mail.TextBody);
        Assert.Contains("martes 1 de junio de 2021", mail.HtmlBody);

        var calendarPart = Assert.Single(mail.BodyParts.OfType<TextPart>(), p => p.ContentType.IsMimeType("text", "calendar"));
        Assert.Equal("REQUEST", calendarPart.ContentType.Parameters["method"]);
        Assert.Equal("utf-8", calendarPart.ContentType.Charset, ignoreCase: true);
        Assert.Contains("DTSTART:20210601T170500Z", calendarPart.Text);
        Assert.Contains("DTEND:20210601T183500Z", calendarPart.Text);
        var calendar = Calendar.Load(calendarPart.Text)!;
        Assert.Equal("REQUEST", calendar.Method);
        var evt = Assert.Single(calendar.Events);
        Assert.Equal(Samples.Start.UtcDateTime, evt!.DtStart!.AsUtc);
        Assert.Equal(Invitation.Uid(attendee.RegistrationId), evt.Uid);
        Assert.Equal(0, evt.Sequence);
        Assert.Equal($"mailto:{attendee.Email}", Assert.Single(evt.Attendees).Value!.ToString());
        Assert.Contains(mail.Attachments.OfType<MimePart>(), a => a.FileName == "invite.ics");

        await using var scope = host.Scope(out var db);
        var row = await db.OutgoingMessages.SingleAsync(m => m.RegistrationId == attendee.RegistrationId);
        Assert.Equal((MessageKind.Confirmed, DeliveryStatus.Sent, 1, "es"), (row.Kind, row.Status, row.Attempts, row.Language));
    }

    [Theory]
    [InlineData("fr", "Europe/Paris", "Votre place est confirmée\u00a0: ", "mardi 1 juin 2021, de 19:05 à 20:35 (heure de Europe/Paris)")]
    [InlineData("en", "Europe/London", "Your seat is confirmed: ", "Tuesday 1 June 2021, 18:05–19:35 (Europe/London time)")]
    public async Task Each_attendee_reads_the_confirmation_in_their_language_and_time_zone(string language, string zone, string subjectStart, string when)
    {
        await using var host = await NotificationHost.StartAsync(database);
        var sessionId = Guid.NewGuid();
        await host.DeliverAsync(Samples.Published(sessionId));
        var attendee = Samples.Attendee(sessionId, language, zone);
        await host.DeliverAsync(Samples.Confirmed(attendee));

        await host.SendMailAsync();

        var mail = Assert.Single(host.MailTo(attendee.Email));
        Assert.StartsWith(subjectStart, mail.Subject);
        Assert.Contains(when, mail.TextBody);
        var ics = mail.BodyParts.OfType<TextPart>().Single(p => p.ContentType.IsMimeType("text", "calendar")).Text;
        Assert.Equal(Samples.Start.UtcDateTime, Calendar.Load(ics)!.Events.Single()!.DtStart!.AsUtc);
    }

    [Fact]
    public async Task An_attendee_named_in_emoji_gets_the_confirmation_with_the_name_whole()
    {
        // 200 characters, the longest name Registration takes, each outside the Basic Multilingual Plane.
        await using var host = await NotificationHost.StartAsync(database);
        var sessionId = Guid.NewGuid();
        Assert.Null(await host.DeliverAsync(Samples.Published(sessionId)));
        var name = string.Concat(Enumerable.Repeat("\U0001F600", 200));
        var attendee = Samples.Attendee(sessionId, "es", "Europe/Madrid") with { Name = name };

        Assert.Null(await host.DeliverAsync(Samples.Confirmed(attendee)));
        Assert.Equal(1, await host.SendMailAsync());

        var mail = Assert.Single(host.MailTo(attendee.Email));
        Assert.Equal(name, mail.To.Mailboxes.Single().Name);
        var ics = mail.BodyParts.OfType<TextPart>().Single(p => p.ContentType.IsMimeType("text", "calendar")).Text;
        Assert.Equal(name, Calendar.Load(ics)!.Events.Single()!.Attendees.Single().CommonName);
    }

    [Fact]
    public async Task A_redelivered_confirmation_sends_nothing_twice()
    {
        await using var host = await NotificationHost.StartAsync(database);
        var sessionId = Guid.NewGuid();
        await host.DeliverAsync(Samples.Published(sessionId));
        var attendee = Samples.Attendee(sessionId, "fr", "Europe/Paris");
        var confirmed = Samples.Confirmed(attendee);

        await host.DeliverAsync(confirmed);
        await host.DeliverAsync(confirmed);
        await host.SendMailAsync();
        await host.DeliverAsync(confirmed);
        // Even a copy with another message id (a republished event) maps to the same message key.
        await host.DeliverAsync(confirmed, Guid.NewGuid());
        await host.SendMailAsync();

        Assert.Single(host.MailTo(attendee.Email));
        await using var scope = host.Scope(out var db);
        Assert.Equal(1, await db.OutgoingMessages.CountAsync(m => m.RegistrationId == attendee.RegistrationId));
    }

    [Fact]
    public async Task A_confirmation_that_arrives_before_its_session_is_retried_and_then_sent_once()
    {
        await using var host = await NotificationHost.StartAsync(database);
        var sessionId = Guid.NewGuid();
        var attendee = Samples.Attendee(sessionId, "en", "Europe/London");
        var confirmed = Samples.Confirmed(attendee);

        var error = await host.DeliverAsync(confirmed);
        Assert.NotNull(error);
        await using (var scope = host.Scope(out var db))
        {
            Assert.False(await db.OutgoingMessages.AnyAsync(m => m.RegistrationId == attendee.RegistrationId));
        }

        await host.DeliverAsync(Samples.Published(sessionId));
        Assert.Null(await host.DeliverAsync(confirmed)); // the broker's redelivery, same message id
        await host.SendMailAsync();

        Assert.Single(host.MailTo(attendee.Email));
    }

    [Fact]
    public async Task A_restart_in_the_middle_of_a_batch_sends_no_attendee_a_second_copy()
    {
        var smtp = netDumbster.smtp.SimpleSmtpServer.Start();
        var sessionId = Guid.NewGuid();
        var confirmations = Enumerable.Range(0, 6)
            .Select(i => Samples.Confirmed(Samples.Attendee(sessionId, i % 2 == 0 ? "fr" : "es", "Europe/Paris")))
            .ToList();

        await using (var first = await NotificationHost.StartAsync(database, smtp))
        {
            await first.DeliverAsync(Samples.Published(sessionId));
            foreach (var c in confirmations)
            {
                await first.DeliverAsync(c);
            }
            Assert.Equal(2, await first.SendMailAsync(limit: 2));
        }

        await using var second = await NotificationHost.StartAsync(database, smtp);
        foreach (var c in confirmations)
        {
            await second.DeliverAsync(c); // the broker redelivers what the first instance had not acknowledged
        }
        await second.SendMailAsync();

        foreach (var c in confirmations)
        {
            Assert.Single(second.MailTo(c.Attendee.Email));
        }
        smtp.Stop();
    }
}
