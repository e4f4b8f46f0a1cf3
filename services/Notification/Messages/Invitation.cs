using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Conference.Notification.Messages;

/// <summary>
/// The iCalendar object attached to a message (Ical.Net; RFC 5545 for the object, RFC 5546 iTIP for
/// its METHOD). One stable <c>UID</c> per registration, so the attendee's calendar keeps one event and
/// updates it: <c>METHOD:REQUEST</c> with <c>SEQUENCE</c> = the session's schedule version (raised on
/// every reschedule); <c>METHOD:CANCEL</c> with <c>STATUS:CANCELLED</c> and the sequence one higher.
/// Times are written in UTC (<c>...Z</c>), so no VTIMEZONE is needed and a start at midnight stays a
/// date-time. Lines are folded at 75 octets between characters (<see cref="Refold"/>).
/// </summary>
internal static class Invitation
{
    public const string Request = "REQUEST";
    public const string Cancel = "CANCEL";

    /// <summary>The event's UID for a registration: the same in every message about it.</summary>
    public static string Uid(Guid registrationId) => $"registration-{registrationId:D}@conference";

    /// <summary>The facts an invitation needs.</summary>
    /// <param name="Method"><see cref="Request"/> or <see cref="Cancel"/>.</param>
    /// <param name="RegistrationId">Gives the UID.</param>
    /// <param name="ScheduleVersion">The session's schedule version (SEQUENCE of a request).</param>
    /// <param name="StartsAt">Start instant.</param>
    /// <param name="EndsAt">End instant.</param>
    /// <param name="Title">Title in the attendee's language (SUMMARY).</param>
    /// <param name="Description">Plain text (DESCRIPTION).</param>
    /// <param name="Location">Platform, or the join address for a confirmed attendee.</param>
    /// <param name="JoinUrl">Join address (URL), confirmed attendees only.</param>
    /// <param name="OrganiserName">Organiser codes, e.g. "OIT, ADEC, FAMSI" (ORGANIZER;CN=).</param>
    /// <param name="OrganiserEmail">The forum's sending address (ORGANIZER).</param>
    /// <param name="AttendeeName">ATTENDEE;CN=.</param>
    /// <param name="AttendeeEmail">ATTENDEE.</param>
    /// <param name="Stamp">DTSTAMP: when the message was made.</param>
    public sealed record Facts(
        string Method,
        Guid RegistrationId,
        int ScheduleVersion,
        DateTimeOffset StartsAt,
        DateTimeOffset EndsAt,
        string Title,
        string Description,
        string? Location,
        string? JoinUrl,
        string OrganiserName,
        string OrganiserEmail,
        string AttendeeName,
        string AttendeeEmail,
        DateTimeOffset Stamp);

    /// <summary>The serialized VCALENDAR (CRLF line ends, folded).</summary>
    public static string Create(Facts f)
    {
        var cancel = f.Method == Cancel;
        var evt = new CalendarEvent
        {
            Uid = Uid(f.RegistrationId),
            Sequence = cancel ? f.ScheduleVersion + 1 : f.ScheduleVersion,
            DtStamp = Utc(f.Stamp),
            DtStart = Utc(f.StartsAt),
            DtEnd = Utc(f.EndsAt),
            Summary = f.Title,
            Description = f.Description,
            Location = f.Location,
            Status = cancel ? EventStatus.Cancelled : EventStatus.Confirmed,
            Organizer = new Organizer($"mailto:{f.OrganiserEmail}") { CommonName = f.OrganiserName },
        };
        if (f.JoinUrl is not null && Uri.TryCreate(f.JoinUrl, UriKind.Absolute, out var join))
        {
            evt.Url = join;
        }
        evt.Attendees.Add(new Attendee($"mailto:{f.AttendeeEmail}")
        {
            CommonName = f.AttendeeName,
            Role = ParticipationRole.RequiredParticipant,
            ParticipationStatus = EventParticipationStatus.NeedsAction,
            Rsvp = false,
        });

        var calendar = new Calendar { Method = f.Method, ProductId = "-//Conference//Notification//EN" };
        calendar.Events.Add(evt);
        return Refold(new CalendarSerializer(calendar).SerializeToString()!);
    }

    /// <summary>
    /// Folds <paramref name="ics"/> again (RFC 5545 §3.1: content lines of at most 75 octets, a
    /// continuation starting with one space), never inside a character. Ical.Net 5.2.4 folds between
    /// the two halves of a character outside the Basic Multilingual Plane (an emoji in a name), which
    /// leaves a string no UTF-8 encoder takes: the message could not even be stored.
    /// </summary>
    internal static string Refold(string ics)
    {
        var unfolded = ics.Replace("\r\n ", "", StringComparison.Ordinal).Replace("\r\n\t", "", StringComparison.Ordinal);
        var folded = new System.Text.StringBuilder(unfolded.Length + unfolded.Length / 64 * 3);
        foreach (var line in unfolded.Split("\r\n"))
        {
            if (line.Length == 0)
            {
                continue;
            }
            var octets = 0;
            foreach (var rune in line.EnumerateRunes())
            {
                if (octets + rune.Utf8SequenceLength > 75)
                {
                    folded.Append("\r\n ");
                    octets = 1;
                }
                folded.Append(rune.ToString());
                octets += rune.Utf8SequenceLength;
            }
            folded.Append("\r\n");
        }
        return folded.ToString();
    }

    private static CalDateTime Utc(DateTimeOffset instant) =>
        new(DateTime.SpecifyKind(instant.UtcDateTime, DateTimeKind.Utc), "UTC", true);
}
