using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace Conference.Notification.Messages.Templates;

/// <summary>
/// The words of every message in one language, written by people (not machine-translated): subjects,
/// opening lines, labels, and how a date and a time range read. One subclass per language the forum
/// offers (English, French, Spanish); <see cref="For"/> picks it, English when the language is unknown.
/// </summary>
internal abstract class Wording
{
    public static readonly Wording English = new EnglishWording();
    public static readonly Wording French = new FrenchWording();
    public static readonly Wording Spanish = new SpanishWording();

    /// <summary>The wording of an ISO 639-1 language: "fr", "es", else English.</summary>
    public static Wording For(string language) => language switch
    {
        "fr" => French,
        "es" => Spanish,
        _ => English,
    };

    /// <summary>ISO 639-1 code.</summary>
    public abstract string Language { get; }

    /// <summary>Culture for day and month names.</summary>
    public abstract CultureInfo Culture { get; }

    /// <summary>NodaTime pattern of a full local date, e.g. "dddd d MMMM yyyy".</summary>
    protected abstract string DatePattern { get; }

    /// <summary>NodaTime pattern of a date without the year (reference times), e.g. "d MMMM".</summary>
    protected abstract string ShortDatePattern { get; }

    public abstract string Greeting(string name);

    public abstract string Subject(string kind, string title, int? waitlistPosition);

    /// <summary>The opening paragraph: what happened and what it means for the attendee.</summary>
    public abstract string Lead(string kind, int? waitlistPosition);

    /// <summary>Said under a title shown in the source language because the attendee's is missing.</summary>
    public abstract string TitleFallback(string sourceLanguage);

    /// <summary>Said under a summary shown in the source language because the attendee's is missing.</summary>
    public abstract string SummaryFallback(string sourceLanguage);

    /// <summary>The start and end in the attendee's zone, with the date (twice when the session crosses midnight there).</summary>
    /// <summary>
    /// The session's start and end in the attendee's zone, with the date(s) and the zone's name. Each
    /// time is written with <see cref="Clock"/>: with its UTC offset when the clocks change during the
    /// session or a time occurs twice in that zone (the autumn night: "02:30 (UTC+2)–02:30 (UTC+1)"
    /// rather than an ambiguous "02:30–02:30").
    /// </summary>
    public abstract string LocalRange(ZonedDateTime start, ZonedDateTime end, string zoneId);

    /// <summary>"14:05", or "02:30 (UTC+2)" when <paramref name="withOffset"/>.</summary>
    protected static string Clock(ZonedDateTime time, bool withOffset) =>
        withOffset ? $"{Time(time.TimeOfDay)} ({SessionTimes.OffsetLabel(time.Offset.Seconds / 60)})" : Time(time.TimeOfDay);

    /// <summary>
    /// Whether the times need their offsets to be read unambiguously: the offset changes between
    /// start and end (a daylight-saving change during the session), or a local time of either occurs
    /// twice in the zone (the hour repeated when clocks go back).
    /// </summary>
    protected static bool NeedsOffsets(ZonedDateTime start, ZonedDateTime end) =>
        start.Offset != end.Offset
        || start.Zone.MapLocal(start.LocalDateTime).Count > 1
        || end.Zone.MapLocal(end.LocalDateTime).Count > 1;

    public abstract string WhenLabel { get; }

    public abstract string ReferenceLabel { get; }

    public abstract string PlatformLabel { get; }

    public abstract string JoinLabel { get; }

    public abstract string SummaryLabel { get; }

    public abstract string ReasonLabel { get; }

    public abstract string ManageLabel { get; }

    /// <summary>About the attached invitation (METHOD:REQUEST).</summary>
    public abstract string InvitationNote { get; }

    /// <summary>About the attached cancellation (METHOD:CANCEL).</summary>
    public abstract string CancellationNote { get; }

    public abstract string SignOff { get; }

    /// <summary>A label followed by its colon, as the language punctuates it.</summary>
    public virtual string Colon(string label) => label + ":";

    public string Date(LocalDate date) => LocalDatePattern.Create(DatePattern, Culture).Format(date);

    public string ShortDate(LocalDate date) => LocalDatePattern.Create(ShortDatePattern, Culture).Format(date);

    public static string Time(LocalTime time) => LocalTimePattern.CreateWithInvariantCulture("HH:mm").Format(time);
}
