using Conference.Notification.Messages.Templates;
using NodaTime;

namespace Conference.Notification.Messages;

/// <summary>
/// How a session's times read in a message (NodaTime, IANA time zone database): the start and end in
/// the attendee's zone with the date (a zone can move the date), then the card's reference offsets
/// ("14:05–15:35 (UTC-3) / 19:05–20:35 (UTC+2)" for the forum).
/// </summary>
internal static class SessionTimes
{
    /// <summary>The IANA zone, or UTC when the name is unknown (Registration validates it; this only keeps a message readable).</summary>
    public static DateTimeZone Zone(string timeZone) => DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZone) ?? DateTimeZone.Utc;

    /// <summary>
    /// E.g. "Tuesday 1 June 2021, 14:05–15:35 (America/Argentina/Cordoba time)"; with offsets when the
    /// clocks change during the session ("Sunday 26 October 2031, 02:30 (UTC+2)–02:30 (UTC+1) (Europe/Madrid time)").
    /// </summary>
    public static string Local(DateTimeOffset startsAt, DateTimeOffset endsAt, string timeZone, Wording wording)
    {
        var zone = Zone(timeZone);
        var start = Instant.FromDateTimeOffset(startsAt).InZone(zone);
        var end = Instant.FromDateTimeOffset(endsAt).InZone(zone);
        return wording.LocalRange(start, end, zone.Id);
    }

    /// <summary>
    /// E.g. "1 June: 14:05–15:35 (UTC-3) / 19:05–20:35 (UTC+2)"; each range carries its own date when
    /// the offsets disagree on the day. Null when the card gave no reference offsets.
    /// </summary>
    public static string? Reference(DateTimeOffset startsAt, DateTimeOffset endsAt, IReadOnlyList<int> offsetsInMinutes, Wording wording)
    {
        if (offsetsInMinutes.Count == 0)
        {
            return null;
        }
        var ranges = offsetsInMinutes.Select(minutes =>
        {
            var offset = Offset.FromSeconds(minutes * 60);
            var start = Instant.FromDateTimeOffset(startsAt).WithOffset(offset).LocalDateTime;
            var end = Instant.FromDateTimeOffset(endsAt).WithOffset(offset).LocalDateTime;
            return (Start: start, End: end, Label: OffsetLabel(minutes));
        }).ToList();

        string Range((LocalDateTime Start, LocalDateTime End, string Label) r) =>
            r.Start.Date == r.End.Date
                ? $"{Wording.Time(r.Start.TimeOfDay)}–{Wording.Time(r.End.TimeOfDay)} ({r.Label})"
                : $"{Wording.Time(r.Start.TimeOfDay)}–{wording.ShortDate(r.End.Date)} {Wording.Time(r.End.TimeOfDay)} ({r.Label})";

        var sameDay = ranges.All(r => r.Start.Date == ranges[0].Start.Date);
        return sameDay
            ? $"{wording.Colon(wording.ShortDate(ranges[0].Start.Date))} {string.Join(" / ", ranges.Select(Range))}"
            : string.Join(" / ", ranges.Select(r => $"{wording.ShortDate(r.Start.Date)} {Range(r)}"));
    }

    /// <summary>"UTC", "UTC-3", "UTC+2", "UTC+5:30" (as session cards write offsets).</summary>
    public static string OffsetLabel(int minutes)
    {
        if (minutes == 0)
        {
            return "UTC";
        }
        var sign = minutes < 0 ? "-" : "+";
        var abs = Math.Abs(minutes);
        return abs % 60 == 0 ? $"UTC{sign}{abs / 60}" : $"UTC{sign}{abs / 60}:{abs % 60:00}";
    }
}
