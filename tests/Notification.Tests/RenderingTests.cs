using Conference.Notification.Messages;
using Conference.Notification.Registrations;
using Conference.Notification.Sessions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Conference.Notification.Tests;

/// <summary>What each message says, in each language, without a database or a server.</summary>
public sealed class RenderingTests
{
    private static readonly MessageComposer Composer = new(
        Options.Create(new NotificationOptions { PublicUrl = "https://forum.example/" }),
        new FakeTimeProvider(NotificationHost.Now));

    internal static SessionCopy Session(bool withSpanish = true) => new()
    {
        Id = Guid.NewGuid(),
        Code = "3.2.2",
        SourceLanguage = "fr",
        Languages = ["en", "fr", "es"],
        Organisers = ["OIT", "ADEC", "FAMSI"],
        StartsAt = Samples.Start,
        EndsAt = Samples.End,
        ReferenceOffsets = [-180, 120],
        Platform = "Zoom",
        JoinUrl = Samples.JoinUrl,
        ScheduleVersion = 2,
        Texts = new()
        {
            ["title"] = withSpanish
                ? new() { ["fr"] = Samples.FrenchTitle, ["es"] = Samples.SpanishTitle }
                : new() { ["fr"] = Samples.FrenchTitle },
            ["summary"] = new() { ["fr"] = "La crise dévastatrice est aussi une opportunité." },
        },
    };

    internal static AttendeeRegistration Attendee(string language, string zone, string status = RegistrationStatus.Confirmed) => new()
    {
        Id = Guid.NewGuid(),
        SessionId = Guid.NewGuid(),
        Name = "Kiri Te Rangi",
        Email = "kiri@example.org",
        Language = language,
        TimeZone = zone,
        ManageToken = "secret token",
        Status = status,
    };

    [Theory]
    [InlineData("fr", "mercredi 2 juin 2021, de 05:05 à 06:35 (heure de Pacific/Auckland)", "1 juin\u00a0: 14:05–15:35 (UTC-3) / 19:05–20:35 (UTC+2)")]
    [InlineData("es", "miércoles 2 de junio de 2021, de 05:05 a 06:35 (hora de Pacific/Auckland)", "1 de junio: 14:05–15:35 (UTC-3) / 19:05–20:35 (UTC+2)")]
    [InlineData("en", "Wednesday 2 June 2021, 05:05–06:35 (Pacific/Auckland time)", "1 June: 14:05–15:35 (UTC-3) / 19:05–20:35 (UTC+2)")]
    public void Times_are_shown_in_the_attendee_zone_with_the_date_it_moves_to_then_the_reference_offsets(string language, string when, string reference)
    {
        var message = Composer.Compose(new MessageRequest(MessageKind.Confirmed, 0, Session(), Attendee(language, "Pacific/Auckland"), HeldSeat: true));

        Assert.Equal(language, message.Language);
        Assert.Contains(when, message.TextBody);
        Assert.Contains(reference, message.TextBody);
        Assert.Contains(when, message.HtmlBody);
        Assert.True(message.TextBody.IndexOf(when, StringComparison.Ordinal) < message.TextBody.IndexOf(reference, StringComparison.Ordinal));
    }

    [Fact]
    public void A_session_crossing_midnight_in_the_attendee_zone_shows_both_dates()
    {
        var session = Session();
        session.StartsAt = new DateTimeOffset(2021, 6, 1, 21, 30, 0, TimeSpan.Zero);
        session.EndsAt = new DateTimeOffset(2021, 6, 1, 23, 0, 0, TimeSpan.Zero);

        var message = Composer.Compose(new MessageRequest(MessageKind.Confirmed, 0, session, Attendee("fr", "Europe/Paris"), HeldSeat: true));

        Assert.Contains("du mardi 1 juin 2021 à 23:30 au mercredi 2 juin 2021 à 01:00 (heure de Europe/Paris)", message.TextBody);
    }

    [Theory]
    // 26 October 2031: Madrid's clocks go back from 03:00 CEST to 02:00 CET; 00:30Z and 01:30Z are both 02:30 there.
    [InlineData("es", "2031-10-26T00:30:00Z", "2031-10-26T01:30:00Z", "domingo 26 de octubre de 2031, de 02:30 (UTC+2) a 02:30 (UTC+1) (hora de Europe/Madrid)")]
    [InlineData("en", "2031-10-26T00:30:00Z", "2031-10-26T01:30:00Z", "Sunday 26 October 2031, 02:30 (UTC+2)–02:30 (UTC+1) (Europe/Madrid time)")]
    // Within the repeated hour on one side only: 02:15 happens twice, so it carries its offset.
    [InlineData("fr", "2031-10-26T00:15:00Z", "2031-10-26T00:45:00Z", "dimanche 26 octobre 2031, de 02:15 (UTC+2) à 02:45 (UTC+2) (heure de Europe/Madrid)")]
    // Spring forward (30 March 2031, 02:00 CET → 03:00 CEST): unambiguous times, but the offset changes.
    [InlineData("en", "2031-03-30T00:30:00Z", "2031-03-30T01:30:00Z", "Sunday 30 March 2031, 01:30 (UTC+1)–03:30 (UTC+2) (Europe/Madrid time)")]
    // An ordinary day keeps the plain form.
    [InlineData("en", "2031-10-27T00:30:00Z", "2031-10-27T01:30:00Z", "Monday 27 October 2031, 01:30–02:30 (Europe/Madrid time)")]
    public void Times_on_a_day_the_clocks_change_carry_their_offsets(string language, string startsAt, string endsAt, string when)
    {
        var session = Session();
        session.StartsAt = DateTimeOffset.Parse(startsAt, System.Globalization.CultureInfo.InvariantCulture);
        session.EndsAt = DateTimeOffset.Parse(endsAt, System.Globalization.CultureInfo.InvariantCulture);

        var message = Composer.Compose(new MessageRequest(MessageKind.Confirmed, 0, session, Attendee(language, "Europe/Madrid"), HeldSeat: true));

        Assert.Contains(when, message.TextBody);
    }

    [Fact]
    public void A_title_missing_in_the_attendee_language_falls_back_to_the_source_language_and_says_so()
    {
        var message = Composer.Compose(new MessageRequest(MessageKind.Confirmed, 0, Session(withSpanish: false), Attendee("es", "America/Argentina/Cordoba"), HeldSeat: true));

        Assert.Equal($"Su plaza está confirmada: {Samples.FrenchTitle}", message.Subject);
        Assert.Contains("(Este título aún no está disponible en español; se muestra en su idioma original, el francés.)", message.TextBody);
        Assert.Contains("martes 1 de junio de 2021, de 14:05 a 15:35 (hora de America/Argentina/Cordoba)", message.TextBody);
    }

    [Fact]
    public void A_title_in_the_attendee_language_needs_no_fallback_note()
    {
        var message = Composer.Compose(new MessageRequest(MessageKind.Confirmed, 0, Session(), Attendee("es", "America/Argentina/Cordoba"), HeldSeat: true));

        Assert.Contains(Samples.SpanishTitle, message.TextBody);
        Assert.DoesNotContain("Este título aún no está disponible", message.TextBody);
        Assert.Contains("(Este resumen aún no está disponible en español; se muestra en su idioma original, el francés.)", message.TextBody);
    }

    [Fact]
    public void The_confirmation_carries_the_join_link_the_manage_link_and_an_invitation()
    {
        var attendee = Attendee("en", "Europe/London");
        var message = Composer.Compose(new MessageRequest(MessageKind.Confirmed, 0, Session(), attendee, HeldSeat: true));

        Assert.Contains(Samples.JoinUrl, message.TextBody);
        Assert.Contains($"<a href=\"{Samples.JoinUrl}\">", message.HtmlBody);
        Assert.Contains($"https://forum.example/registrations/{attendee.Id}?token=secret%20token", message.TextBody);
        Assert.Equal(Invitation.Request, message.IcsMethod);
        Assert.Contains("SEQUENCE:2", message.Ics);
        Assert.Contains("(This title is not yet available in English; it is shown in its original language, French.)", message.TextBody);
    }

    [Fact]
    public void A_waitlisted_attendee_gets_their_position_but_neither_the_join_link_nor_an_invitation()
    {
        var message = Composer.Compose(new MessageRequest(MessageKind.Waitlisted, 0, Session(), Attendee("fr", "Europe/Paris", RegistrationStatus.Waitlisted), HeldSeat: false, WaitlistPosition: 3));

        Assert.Equal($"Liste d’attente, position 3\u00a0: {Samples.FrenchTitle}", message.Subject);
        Assert.Contains("en position 3", message.TextBody);
        Assert.DoesNotContain(Samples.JoinUrl, message.TextBody);
        Assert.DoesNotContain(Samples.JoinUrl, message.HtmlBody);
        Assert.Null(message.Ics);
    }

    [Theory]
    [InlineData(MessageKind.Promoted, "A seat is now yours: ", "REQUEST")]
    [InlineData(MessageKind.CancelledByAttendee, "Your registration is cancelled: ", "CANCEL")]
    [InlineData(MessageKind.RemovedByOrganiser, "Your registration was withdrawn: ", "CANCEL")]
    [InlineData(MessageKind.SessionRescheduled, "New time: ", "REQUEST")]
    [InlineData(MessageKind.SessionCancelled, "Session cancelled: ", "CANCEL")]
    [InlineData(MessageKind.Reminder24h, "Tomorrow: ", null)]
    [InlineData(MessageKind.Reminder1h, "Starting in one hour: ", null)]
    public void Every_kind_has_its_own_subject_and_calendar_method(string kind, string subjectStart, string? method)
    {
        var message = Composer.Compose(new MessageRequest(kind, 0, Session(), Attendee("en", "Europe/London"), HeldSeat: true, Reason: "Speaker unavailable"));

        Assert.StartsWith(subjectStart, message.Subject);
        Assert.Equal(method, message.IcsMethod);
        if (kind == MessageKind.SessionCancelled)
        {
            Assert.Contains("Speaker unavailable", message.TextBody);
            Assert.Contains("STATUS:CANCELLED", message.Ics);
            Assert.Contains("METHOD:CANCEL", message.Ics);
        }
    }

    [Theory]
    [InlineData(MessageKind.Reminder1h, true)]
    [InlineData(MessageKind.Promoted, true)]
    [InlineData(MessageKind.SessionCancelled, false)]
    [InlineData(MessageKind.CancelledByAttendee, false)]
    public void Only_messages_to_confirmed_attendees_about_attending_carry_the_join_link(string kind, bool hasJoinLink)
    {
        var message = Composer.Compose(new MessageRequest(kind, 0, Session(), Attendee("es", "Europe/Madrid"), HeldSeat: true));

        Assert.Equal(hasJoinLink, message.TextBody.Contains(Samples.JoinUrl, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, "UTC")]
    [InlineData(-180, "UTC-3")]
    [InlineData(120, "UTC+2")]
    [InlineData(330, "UTC+5:30")]
    public void Reference_offsets_read_as_the_card_writes_them(int minutes, string label) =>
        Assert.Equal(label, SessionTimes.OffsetLabel(minutes));

    [Fact]
    public void The_html_body_escapes_markup_in_session_texts()
    {
        var session = Session();
        session.Texts["title"]["en"] = "Work <script> & play";

        var message = Composer.Compose(new MessageRequest(MessageKind.Confirmed, 0, session, Attendee("en", "Europe/London"), HeldSeat: true));

        Assert.Contains("Work &lt;script&gt; &amp; play", message.HtmlBody);
        Assert.DoesNotContain("<script>", message.HtmlBody);
    }
}
