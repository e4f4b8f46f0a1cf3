using Conference.Contracts;

namespace Conference.Notification.Tests;

/// <summary>Events shaped like the real session card 3.2.2 (17:05–18:35 UTC on 1 June 2021, shown at UTC-3 and UTC+2).</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Start = new(2021, 6, 1, 17, 5, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset End = new(2021, 6, 1, 18, 35, 0, TimeSpan.Zero);

    public const string FrenchTitle = "Innovation sociale, communautés locales, et développement inclusif et durable : entreprises communautaires, l’avenir du travail, DEL, et économie verte.";
    public const string SpanishTitle = "Innovación social, comunidades locales y desarrollo inclusivo y sostenible: empresas comunitarias, el futuro del trabajo, DEL y economía verde.";
    public const string JoinUrl = "https://zoom.example/j/322";

    public static SessionSnapshot Snapshot(Guid sessionId, int scheduleVersion = 0, bool withSpanish = true, DateTimeOffset? start = null, DateTimeOffset? end = null)
    {
        var title = new Dictionary<string, string> { ["fr"] = FrenchTitle };
        var summary = new Dictionary<string, string> { ["fr"] = "La crise dévastatrice qui touche la plupart des pays est aussi une opportunité." };
        if (withSpanish)
        {
            title["es"] = SpanishTitle;
            summary["es"] = "La devastadora crisis que afecta a la mayoría de los países es también una oportunidad.";
        }
        return new SessionSnapshot(
            sessionId, "3.2.2", "workshop", "fr", ["en", "fr", "es"], ["OIT", "ADEC", "FAMSI"],
            start ?? Start, end ?? End, [-180, 120], "Zoom", 160, true,
            new Dictionary<string, IReadOnlyDictionary<string, string>> { ["title"] = title, ["summary"] = summary },
            JoinUrl, scheduleVersion);
    }

    public static SessionPublished Published(Guid sessionId, int scheduleVersion = 0, bool withSpanish = true, DateTimeOffset? start = null, DateTimeOffset? end = null) =>
        new(Guid.NewGuid(), NotificationHost.Now, Snapshot(sessionId, scheduleVersion, withSpanish, start, end));

    public static Attendee Attendee(Guid sessionId, string language, string timeZone, string? email = null) =>
        new(Guid.NewGuid(), sessionId, language switch { "es" => "Lucía Pérez", "fr" => "Amélie Durand", _ => "Oliver Smith" },
            email ?? $"{language}-{Guid.NewGuid():N}@example.org", language, timeZone, "tok-" + Guid.NewGuid().ToString("N"));

    public static RegistrationConfirmed Confirmed(Attendee attendee, int secondsLater = 1) =>
        new(Guid.NewGuid(), NotificationHost.Now.AddSeconds(secondsLater), attendee);
}
