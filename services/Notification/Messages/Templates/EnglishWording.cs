using System.Globalization;
using NodaTime;

namespace Conference.Notification.Messages.Templates;

/// <summary>English messages (British usage, as the forum writes in English).</summary>
internal sealed class EnglishWording : Wording
{
    public override string Language => "en";

    public override CultureInfo Culture { get; } = CultureInfo.GetCultureInfo("en-GB");

    protected override string DatePattern => "dddd d MMMM yyyy";

    protected override string ShortDatePattern => "d MMMM";

    public override string Greeting(string name) => $"Dear {name},";

    public override string Subject(string kind, string title, int? waitlistPosition) => kind switch
    {
        MessageKind.Confirmed => $"Your seat is confirmed: {title}",
        MessageKind.Waitlisted => $"Waiting list, position {waitlistPosition}: {title}",
        MessageKind.Promoted => $"A seat is now yours: {title}",
        MessageKind.CancelledByAttendee => $"Your registration is cancelled: {title}",
        MessageKind.RemovedByOrganiser => $"Your registration was withdrawn: {title}",
        MessageKind.SessionRescheduled => $"New time: {title}",
        MessageKind.SessionCancelled => $"Session cancelled: {title}",
        MessageKind.Reminder24h => $"Tomorrow: {title}",
        MessageKind.Reminder1h => $"Starting in one hour: {title}",
        _ => title,
    };

    public override string Lead(string kind, int? waitlistPosition) => kind switch
    {
        MessageKind.Confirmed => "Thank you for registering: your seat is confirmed for the session below.",
        MessageKind.Waitlisted => $"The session below is full, so you are on its waiting list, at position {waitlistPosition}. If a seat becomes free, it goes to the first person on the list and we will write to you straight away.",
        MessageKind.Promoted => "Good news: a seat has become free in the session below, and it is now yours.",
        MessageKind.CancelledByAttendee => "As you asked, your registration for the session below is cancelled. Your seat goes to the next person on the waiting list.",
        MessageKind.RemovedByOrganiser => "The organisers of the session below have withdrawn your registration. If you think this is a mistake, please reply to this message.",
        MessageKind.SessionRescheduled => "The session below has moved to a new time. Please check the new date and time.",
        MessageKind.SessionCancelled => "We are sorry to tell you that the organisers have cancelled the session below.",
        MessageKind.Reminder24h => "A reminder: the session below starts in 24 hours.",
        MessageKind.Reminder1h => "The session below starts in one hour.",
        _ => "",
    };

    public override string TitleFallback(string sourceLanguage) =>
        $"(This title is not yet available in English; it is shown in its original language, {LanguageName(sourceLanguage)}.)";

    public override string SummaryFallback(string sourceLanguage) =>
        $"(This summary is not yet available in English; it is shown in its original language, {LanguageName(sourceLanguage)}.)";

    public override string LocalRange(ZonedDateTime start, ZonedDateTime end, string zoneId)
    {
        var offsets = NeedsOffsets(start, end);
        return start.Date == end.Date
            ? $"{Date(start.Date)}, {Clock(start, offsets)}–{Clock(end, offsets)} ({zoneId} time)"
            : $"{Date(start.Date)}, {Clock(start, offsets)} – {Date(end.Date)}, {Clock(end, offsets)} ({zoneId} time)";
    }

    public override string WhenLabel => "When (your time)";

    public override string ReferenceLabel => "Forum reference times";

    public override string PlatformLabel => "Platform";

    public override string JoinLabel => "Join online";

    public override string SummaryLabel => "Summary";

    public override string ReasonLabel => "Reason given by the organisers";

    public override string ManageLabel => "Manage your registration";

    public override string InvitationNote => "The attached calendar invitation adds the session to your calendar and keeps it up to date.";

    public override string CancellationNote => "The attached calendar update removes the session from your calendar.";

    public override string SignOff => "Best regards,\nThe forum team";

    private static string LanguageName(string code) => code switch
    {
        "fr" => "French",
        "es" => "Spanish",
        "en" => "English",
        _ => code,
    };
}
