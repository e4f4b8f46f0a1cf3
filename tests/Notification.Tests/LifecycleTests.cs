using Conference.Contracts;
using Conference.Notification.Delivery;
using Conference.Notification.Messages;
using Conference.Tests.Infrastructure;
using Ical.Net;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Conference.Notification.Tests;

/// <summary>Messages after the confirmation: waiting list, promotion, cancellations, moves, reminders, SMTP failures.</summary>
public sealed class LifecycleTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static string Calendar(MimeMessage mail) =>
        mail.BodyParts.OfType<TextPart>().Single(p => p.ContentType.IsMimeType("text", "calendar")).Text;

    private static async Task<(NotificationHost Host, Guid SessionId)> StartWithSessionAsync(PostgresDatabase database)
    {
        var host = await NotificationHost.StartAsync(database);
        var sessionId = Guid.NewGuid();
        Assert.Null(await host.DeliverAsync(Samples.Published(sessionId)));
        return (host, sessionId);
    }

    [Fact]
    public async Task Rescheduling_sends_each_confirmed_attendee_one_update_with_the_same_uid_and_a_higher_sequence()
    {
        var (host, sessionId) = await StartWithSessionAsync(database);
        await using var _ = host;
        var attendees = new[] { Samples.Attendee(sessionId, "es", "America/Argentina/Cordoba"), Samples.Attendee(sessionId, "fr", "Europe/Paris"), Samples.Attendee(sessionId, "en", "Europe/London") };
        foreach (var a in attendees)
        {
            await host.DeliverAsync(Samples.Confirmed(a));
        }
        var newStart = new DateTimeOffset(2021, 6, 8, 15, 0, 0, TimeSpan.Zero);
        var moved = new SessionRescheduled(Guid.NewGuid(), NotificationHost.Now.AddMinutes(5), sessionId, newStart, newStart.AddMinutes(90), 1);

        Assert.Null(await host.DeliverAsync(moved));
        await host.DeliverAsync(moved); // redelivered
        await host.SendMailAsync();

        foreach (var a in attendees)
        {
            var mails = host.MailTo(a.Email);
            Assert.Equal(2, mails.Count);
            var first = global::Ical.Net.Calendar.Load(Calendar(mails[0]))!.Events.Single()!;
            var update = global::Ical.Net.Calendar.Load(Calendar(mails[1]))!;
            Assert.Equal("REQUEST", update.Method);
            Assert.Equal(first.Uid, update.Events.Single()!.Uid);
            Assert.True(update.Events.Single()!.Sequence > first.Sequence);
            Assert.Equal(newStart.UtcDateTime, update.Events.Single()!.DtStart!.AsUtc);
        }
        Assert.Contains("martes 8 de junio de 2021, de 12:00 a 13:30", host.MailTo(attendees[0].Email)[1].TextBody);

        await using var scope = host.Scope(out var db);
        var reminders = await db.Reminders.Where(r => r.RegistrationId == attendees[0].RegistrationId).OrderBy(r => r.DueAt).ToListAsync();
        Assert.Equal([newStart.AddHours(-24), newStart.AddHours(-1)], reminders.Select(r => r.DueAt));
    }

    [Fact]
    public async Task Cancelling_the_session_sends_one_cancel_per_attendee_and_drops_the_reminders()
    {
        var (host, sessionId) = await StartWithSessionAsync(database);
        await using var _ = host;
        var confirmed = Samples.Attendee(sessionId, "fr", "Europe/Paris");
        var waitlisted = Samples.Attendee(sessionId, "en", "Europe/London");
        await host.DeliverAsync(Samples.Confirmed(confirmed));
        await host.DeliverAsync(new RegistrationWaitlisted(Guid.NewGuid(), NotificationHost.Now.AddSeconds(2), waitlisted, 1));

        await host.DeliverAsync(new SessionCancelled(Guid.NewGuid(), NotificationHost.Now.AddMinutes(1), sessionId, "Intervenants indisponibles"));
        // Registration then cancels each registration for the same reason: no second message.
        await host.DeliverAsync(new RegistrationCancelled(Guid.NewGuid(), NotificationHost.Now.AddMinutes(2), confirmed, "session-cancelled", true));
        await host.DeliverAsync(new RegistrationCancelled(Guid.NewGuid(), NotificationHost.Now.AddMinutes(2), waitlisted, "session-cancelled", false));
        await host.SendMailAsync();

        var toConfirmed = host.MailTo(confirmed.Email);
        Assert.Equal(2, toConfirmed.Count);
        var cancel = toConfirmed[1];
        Assert.StartsWith("Session annulée", cancel.Subject);
        Assert.Contains("Intervenants indisponibles", cancel.TextBody);
        Assert.Equal("CANCEL", cancel.BodyParts.OfType<TextPart>().Single(p => p.ContentType.IsMimeType("text", "calendar")).ContentType.Parameters["method"]);
        var calendar = global::Ical.Net.Calendar.Load(Calendar(cancel))!;
        Assert.Equal("CANCEL", calendar.Method);
        Assert.Equal("CANCELLED", calendar.Events.Single()!.Status);
        Assert.Equal(Invitation.Uid(confirmed.RegistrationId), calendar.Events.Single()!.Uid);

        var toWaitlisted = host.MailTo(waitlisted.Email);
        Assert.Equal(2, toWaitlisted.Count);
        Assert.StartsWith("Session cancelled", toWaitlisted[1].Subject);
        Assert.DoesNotContain(toWaitlisted[1].BodyParts, p => p.ContentType.IsMimeType("text", "calendar"));

        await using var scope = host.Scope(out var db);
        Assert.False(await db.Reminders.AnyAsync(r => r.SessionId == sessionId));
    }

    [Fact]
    public async Task A_waitlisted_attendee_hears_their_position_then_gets_the_invitation_when_promoted()
    {
        var (host, sessionId) = await StartWithSessionAsync(database);
        await using var _ = host;
        var attendee = Samples.Attendee(sessionId, "es", "Europe/Madrid");

        await host.DeliverAsync(new RegistrationWaitlisted(Guid.NewGuid(), NotificationHost.Now.AddSeconds(1), attendee, 2));
        await host.DeliverAsync(new RegistrationPromoted(Guid.NewGuid(), NotificationHost.Now.AddSeconds(5), attendee));
        await host.SendMailAsync();

        var mails = host.MailTo(attendee.Email);
        Assert.Equal(2, mails.Count);
        Assert.StartsWith("Lista de espera, posición 2: ", mails[0].Subject);
        Assert.DoesNotContain(Samples.JoinUrl, mails[0].TextBody);
        Assert.DoesNotContain(mails[0].BodyParts, p => p.ContentType.IsMimeType("text", "calendar"));
        Assert.StartsWith("Ya tiene plaza: ", mails[1].Subject);
        Assert.Contains(Samples.JoinUrl, mails[1].TextBody);
        Assert.Equal("REQUEST", global::Ical.Net.Calendar.Load(Calendar(mails[1]))!.Method);
    }

    [Fact]
    public async Task A_late_waitlisted_event_after_the_promotion_changes_nothing()
    {
        var (host, sessionId) = await StartWithSessionAsync(database);
        await using var _ = host;
        var attendee = Samples.Attendee(sessionId, "en", "Europe/London");

        await host.DeliverAsync(new RegistrationPromoted(Guid.NewGuid(), NotificationHost.Now.AddSeconds(5), attendee));
        await host.DeliverAsync(new RegistrationWaitlisted(Guid.NewGuid(), NotificationHost.Now.AddSeconds(1), attendee, 1));
        await host.SendMailAsync();

        Assert.StartsWith("A seat is now yours: ", Assert.Single(host.MailTo(attendee.Email)).Subject);
    }

    [Theory]
    [InlineData("attendee", "Your registration is cancelled: ")]
    [InlineData("organiser", "Your registration was withdrawn: ")]
    public async Task Ending_a_seat_sends_a_calendar_cancel_and_drops_the_reminders(string reason, string subjectStart)
    {
        var (host, sessionId) = await StartWithSessionAsync(database);
        await using var _ = host;
        var attendee = Samples.Attendee(sessionId, "en", "Europe/London");
        await host.DeliverAsync(Samples.Confirmed(attendee));

        await host.DeliverAsync(new RegistrationCancelled(Guid.NewGuid(), NotificationHost.Now.AddMinutes(1), attendee, reason, HeldSeat: true));
        await host.SendMailAsync();

        var mails = host.MailTo(attendee.Email);
        Assert.Equal(2, mails.Count);
        Assert.StartsWith(subjectStart, mails[1].Subject);
        Assert.DoesNotContain(Samples.JoinUrl, mails[1].TextBody);
        var calendar = global::Ical.Net.Calendar.Load(Calendar(mails[1]))!;
        Assert.Equal("CANCEL", calendar.Method);
        Assert.Equal(Invitation.Uid(attendee.RegistrationId), calendar.Events.Single()!.Uid);
        await using var scope = host.Scope(out var db);
        Assert.False(await db.Reminders.AnyAsync(r => r.RegistrationId == attendee.RegistrationId));
    }

    [Fact]
    public async Task Reminders_go_24_hours_and_1_hour_before_the_start_once_each()
    {
        var (host, sessionId) = await StartWithSessionAsync(database);
        await using var _ = host;
        var attendee = Samples.Attendee(sessionId, "fr", "Europe/Paris");
        await host.DeliverAsync(Samples.Confirmed(attendee));
        await host.SendMailAsync();

        Assert.Equal(0, await host.DispatchRemindersAsync());
        host.Time.SetUtcNow(Samples.Start.AddHours(-24));
        await host.DispatchRemindersAsync();
        await host.DispatchRemindersAsync();
        await host.SendMailAsync();
        host.Time.SetUtcNow(Samples.Start.AddMinutes(-60));
        await host.DispatchRemindersAsync();
        await host.SendMailAsync();

        var mails = host.MailTo(attendee.Email);
        Assert.Equal(3, mails.Count);
        Assert.StartsWith("Demain\u00a0: ", mails[1].Subject);
        Assert.StartsWith("Dans une heure\u00a0: ", mails[2].Subject);
        Assert.Contains(Samples.JoinUrl, mails[2].TextBody);
    }

    [Fact]
    public async Task No_reminder_is_scheduled_when_its_moment_passed_before_the_registration()
    {
        var (host, sessionId) = await StartWithSessionAsync(database);
        await using var _ = host;
        host.Time.SetUtcNow(Samples.Start.AddHours(-2));
        var attendee = Samples.Attendee(sessionId, "en", "Europe/London");
        await host.DeliverAsync(Samples.Confirmed(attendee));

        await using var scope = host.Scope(out var db);
        var reminder = Assert.Single(await db.Reminders.Where(r => r.RegistrationId == attendee.RegistrationId).ToListAsync());
        Assert.Equal(MessageKind.Reminder1h, reminder.Kind);
    }

    [Fact]
    public async Task A_message_the_smtp_server_keeps_refusing_is_retried_with_back_off_then_marked_failed()
    {
        var (host, sessionId) = await StartWithSessionAsync(database);
        await using var _ = host;
        var attendee = Samples.Attendee(sessionId, "en", "Europe/London");
        await host.DeliverAsync(Samples.Confirmed(attendee));
        host.Smtp.Stop();

        await host.SendMailAsync();
        await using (var scope = host.Scope(out var db))
        {
            var row = await db.OutgoingMessages.SingleAsync(m => m.RegistrationId == attendee.RegistrationId);
            Assert.Equal((DeliveryStatus.Pending, 1), (row.Status, row.Attempts));
            Assert.Equal(host.Time.GetUtcNow() + TimeSpan.FromSeconds(30), row.NextAttemptAt);
            Assert.DoesNotContain(attendee.Email, row.LastError!, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal(0, await host.SendMailAsync()); // not due yet

        for (var attempt = 2; attempt <= MailSender.MaxAttempts; attempt++)
        {
            host.Time.Advance(TimeSpan.FromHours(1));
            Assert.Equal(1, await host.SendMailAsync());
        }

        await using (var scope = host.Scope(out var db))
        {
            var row = await db.OutgoingMessages.SingleAsync(m => m.RegistrationId == attendee.RegistrationId);
            Assert.Equal((DeliveryStatus.Failed, MailSender.MaxAttempts), (row.Status, row.Attempts));
            Assert.NotNull(row.LastError);
        }
        host.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await host.SendMailAsync());
    }
}
