using System.Text;
using System.Text.RegularExpressions;
using Conference.Notification.Delivery;
using Conference.Notification.Messages;
using Ical.Net;

namespace Conference.Notification.Tests;

/// <summary>The iCalendar object (RFC 5545 / 5546) and the SMTP connection string.</summary>
public sealed partial class InvitationTests
{
    private const string LongFrenchTitle =
        "Innovation sociale, communautés locales et développement inclusif : l’avenir du travail, l’économie verte et l’écologie à l’échelle des territoires d’Amérique latine";

    private static Invitation.Facts Facts(string method = Invitation.Request, string title = LongFrenchTitle, DateTimeOffset? start = null) => new(
        method, Guid.Parse("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"), 3,
        start ?? Samples.Start, (start ?? Samples.Start).AddMinutes(90), title, "Se connecter : https://zoom.example/j/322",
        "https://zoom.example/j/322", "https://zoom.example/j/322", "OIT, ADEC, FAMSI", "programme@conference.local",
        "Amélie Durand", "amelie@example.org", NotificationHost.Now);

    [Fact]
    public void A_long_title_with_accents_folds_at_75_octets_without_splitting_a_character_and_unfolds_to_the_original()
    {
        var ics = Invitation.Create(Facts());

        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var bytes = Encoding.UTF8.GetBytes(ics);
        var lines = Split(bytes);
        Assert.All(lines, line =>
        {
            Assert.True(line.Length <= 75, $"line of {line.Length} octets");
            strict.GetString(line); // throws if a fold cut a UTF-8 sequence
        });
        Assert.Contains(lines, l => l.Length > 0 && l[0] == (byte)' '); // it did fold

        var unfolded = UnfoldPattern().Replace(ics, "");
        Assert.Contains("SUMMARY:" + LongFrenchTitle.Replace(",", "\\,", StringComparison.Ordinal), unfolded);
        Assert.Equal(LongFrenchTitle, Calendar.Load(ics)!.Events.Single()!.Summary);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(200)]
    public void A_name_and_title_of_emoji_fold_between_characters_and_read_back_whole(int count)
    {
        // Ical.Net alone folds between the two UTF-16 halves of an emoji; the result could not be encoded.
        var name = string.Concat(Enumerable.Repeat("\U0001F600", count));
        var title = "Forum " + string.Concat(Enumerable.Repeat("\U0001F30D\u00e9", count));
        var ics = Invitation.Create(Facts(title: title) with { AttendeeName = name });

        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var lines = Split(strict.GetBytes(ics)); // throws on a lone surrogate
        Assert.All(lines, line =>
        {
            Assert.True(line.Length <= 75, $"line of {line.Length} octets");
            strict.GetString(line);
        });
        var evt = Calendar.Load(ics)!.Events.Single()!;
        Assert.Equal(title, evt.Summary);
        Assert.Equal(name, evt.Attendees.Single().CommonName);
    }

    [Fact]
    public void A_request_has_a_stable_uid_the_schedule_version_as_sequence_and_utc_times()
    {
        var ics = Invitation.Create(Facts());
        var again = Invitation.Create(Facts());
        var calendar = Calendar.Load(ics)!;
        var evt = calendar.Events.Single()!;

        Assert.Equal("REQUEST", calendar.Method);
        Assert.Equal("registration-0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b@conference", evt.Uid);
        Assert.Equal(evt.Uid, Calendar.Load(again)!.Events.Single()!.Uid);
        Assert.Equal(3, evt.Sequence);
        Assert.Contains("DTSTART:20210601T170500Z", ics);
        Assert.Contains("DTEND:20210601T183500Z", ics);
        Assert.Contains("STATUS:CONFIRMED", ics);
        Assert.Contains("ORGANIZER;CN=\"OIT, ADEC, FAMSI\":mailto:programme@conference.local", ics);
        Assert.Contains("\r\n", ics);
    }

    [Fact]
    public void A_cancellation_has_method_cancel_status_cancelled_and_a_higher_sequence()
    {
        var ics = Invitation.Create(Facts(Invitation.Cancel));
        var calendar = Calendar.Load(ics)!;

        Assert.Equal("CANCEL", calendar.Method);
        Assert.Equal("CANCELLED", calendar.Events.Single()!.Status);
        Assert.Equal(4, calendar.Events.Single()!.Sequence);
    }

    [Fact]
    public void A_start_at_midnight_stays_a_date_time()
    {
        var ics = Invitation.Create(Facts(start: new DateTimeOffset(2021, 6, 2, 0, 0, 0, TimeSpan.Zero)));

        Assert.Contains("DTSTART:20210602T000000Z", ics);
        Assert.DoesNotContain("VALUE=DATE", ics);
    }

    [Theory]
    [InlineData("Endpoint=smtp://127.0.0.1:1025", "127.0.0.1", 1025, false, null)]
    [InlineData("Endpoint=smtp://mail.example:2525;Username=u;Password=p", "mail.example", 2525, false, "u")]
    [InlineData("smtp://localhost:1025", "localhost", 1025, false, null)]
    [InlineData("Endpoint=smtps://mail.example", "mail.example", 465, true, null)]
    public void The_mail_connection_string_names_the_smtp_server(string connection, string host, int port, bool tls, string? user)
    {
        var endpoint = SmtpEndpoint.Parse(connection);

        Assert.Equal((host, port, tls, user), (endpoint.Host, endpoint.Port, endpoint.UseTls, endpoint.Username));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Endpoint=http://127.0.0.1:1025")]
    [InlineData("Host=127.0.0.1")]
    public void A_mail_connection_string_without_an_smtp_endpoint_is_refused(string connection) =>
        Assert.Throws<FormatException>(() => SmtpEndpoint.Parse(connection));

    private static List<byte[]> Split(byte[] bytes)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < bytes.Length - 1; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n')
            {
                lines.Add(bytes[start..i]);
                start = i + 2;
                i++;
            }
        }
        return lines;
    }

    [GeneratedRegex("\r\n[ \t]")]
    private static partial Regex UnfoldPattern();
}
