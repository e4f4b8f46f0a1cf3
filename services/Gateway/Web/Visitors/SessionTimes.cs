using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace Conference.Gateway.Web.Visitors;

/// <summary>
/// Session times as a reader expects them: wall-clock times in a zone, in the page language
/// ("lundi 1 juin 2026, 14:05–15:35"); the end's date is repeated only when it falls on another day.
/// On a day the clocks change, times carry their UTC offsets when they would otherwise be ambiguous
/// ("02:30 (UTC+02:00)–02:30 (UTC+01:00)" in Europe/Madrid on 26 October 2031).
/// </summary>
public static class SessionTimes
{
    private static readonly OffsetPattern ReferenceOffset = OffsetPattern.CreateWithInvariantCulture("'UTC'+HH:mm");

    /// <summary>Start–end in the zone, with the date of the start in the culture's words.</summary>
    public static string Range(DateTimeOffset start, DateTimeOffset end, DateTimeZone zone, CultureInfo culture)
    {
        var from = Instant.FromDateTimeOffset(start).InZone(zone);
        var to = Instant.FromDateTimeOffset(end).InZone(zone);
        var day = Day(from.Date, culture);
        var offsets = NeedsOffsets(from, to);
        var endText = to.Date == from.Date ? Clock(to, offsets) : $"{Day(to.Date, culture)}, {Clock(to, offsets)}";
        return $"{day}, {Clock(from, offsets)}–{endText}";
    }

    /// <summary>Start–end times only (the programme groups sessions by day already).</summary>
    public static string Hours(DateTimeOffset start, DateTimeOffset end, DateTimeZone zone)
    {
        var from = Instant.FromDateTimeOffset(start).InZone(zone);
        var to = Instant.FromDateTimeOffset(end).InZone(zone);
        var offsets = NeedsOffsets(from, to);
        return $"{Clock(from, offsets)}–{Clock(to, offsets)}";
    }

    /// <summary>The culture's long date ("Lundi 1 juin 2026", "Lunes, 1 de junio de 2026"), first letter in capitals.</summary>
    public static string Day(LocalDate date, CultureInfo culture)
    {
        var text = date.ToString("D", culture);
        return text.Length == 0 ? text : char.ToUpper(text[0], culture) + text[1..];
    }

    /// <summary>The date of an instant in a zone.</summary>
    public static LocalDate DateIn(DateTimeOffset instant, DateTimeZone zone) => Instant.FromDateTimeOffset(instant).InZone(zone).Date;

    /// <summary>
    /// The UTC instants a day spans in a zone, from its start to the start of the next day, held to
    /// what <see cref="DateTimeOffset"/> can hold (years 1 to 9999 in UTC): 9999-12-31 has no next day
    /// (its end is <see cref="DateTimeOffset.MaxValue"/>), and 0001-01-01 in a zone ahead of UTC
    /// starts before the year 1 (its start is <see cref="DateTimeOffset.MinValue"/>).
    /// </summary>
    public static (DateTimeOffset From, DateTimeOffset To) DayInUtc(LocalDate day, DateTimeZone zone)
    {
        var start = day.AtStartOfDayInZone(zone).ToInstant();
        var end = day == LocalDate.MaxIsoValue ? Instant.MaxValue : day.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
        return (Representable(start), Representable(end));
    }

    private static readonly Instant FirstRepresentable = Instant.FromDateTimeOffset(DateTimeOffset.MinValue);
    private static readonly Instant LastRepresentable = Instant.FromDateTimeOffset(DateTimeOffset.MaxValue);

    private static DateTimeOffset Representable(Instant instant) =>
        (instant < FirstRepresentable ? FirstRepresentable : instant > LastRepresentable ? LastRepresentable : instant).ToDateTimeOffset();

    /// <summary>The fixed zone of a reference offset as Catalog writes it ("UTC-03:00"), or null.</summary>
    public static DateTimeZone? ReferenceZone(string text)
    {
        var parsed = ReferenceOffset.Parse(text.Trim());
        return parsed.Success ? DateTimeZone.ForOffset(parsed.Value) : null;
    }

    private static string Time(ZonedDateTime t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string Clock(ZonedDateTime t, bool withOffset) =>
        withOffset ? $"{Time(t)} ({ReferenceOffset.Format(t.Offset)})" : Time(t);

    /// <summary>
    /// Whether the times need their offsets to be read unambiguously: the offset changes between start
    /// and end (clocks change during the session), or either local time occurs twice in the zone.
    /// </summary>
    private static bool NeedsOffsets(ZonedDateTime from, ZonedDateTime to) =>
        from.Offset != to.Offset
        || from.Zone.MapLocal(from.LocalDateTime).Count > 1
        || to.Zone.MapLocal(to.LocalDateTime).Count > 1;
}
