using System.Globalization;
using System.Text.Json.Serialization;
using Conference.Catalog.Programme;
using Conference.Contracts;

namespace Conference.Catalog.Sessions;

/// <summary>
/// A session as the API returns it (public API contract, "Session fields"). Texts are maps
/// language → text; times are UTC instants; <c>joinUrl</c> only appears for the session's organisers.
/// <c>referenceTimeZones</c> (additive) lists the UTC offsets the card showed its times in, e.g. "UTC-03:00".
/// </summary>
public sealed record SessionResponse(
    Guid Id,
    string Code,
    string Format,
    string Status,
    string SourceLanguage,
    IReadOnlyList<string> Languages,
    IReadOnlyDictionary<string, string> Title,
    ProgrammeRef? ThematicLine,
    ProgrammeRef? SubTheme,
    IReadOnlyList<string> Organisers,
    DateTime StartsAt,
    DateTime EndsAt,
    IReadOnlyList<string> ReferenceTimeZones,
    string? Platform,
    int Capacity,
    bool RegistrationRequired,
    IReadOnlyDictionary<string, string> Summary,
    IReadOnlyDictionary<string, string> Conceptualisation,
    IReadOnlyDictionary<string, string> Objectives,
    IReadOnlyDictionary<string, string> DiscussionPoints,
    IReadOnlyList<SessionDocument> Documents,
    IReadOnlyDictionary<string, TranslationResponse> Translations,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? JoinUrl,
    int ScheduleVersion,
    DateTime UpdatedAt);

/// <summary>A thematic line or sub-theme: code and title per language.</summary>
public sealed record ProgrammeRef(string Code, IReadOnlyDictionary<string, string> Title);

/// <summary>Origin of a language's texts: <c>source</c>, <c>machine</c> (with <c>engine</c>) or <c>reviewed</c>; <c>stale</c> when the source changed since.</summary>
public sealed record TranslationResponse(
    string Origin,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Engine,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Stale);

/// <summary>A page of published sessions.</summary>
public sealed record SessionPage(IReadOnlyList<SessionResponse> Items, int Page, int PageSize, int Total);

internal static class SessionMapping
{
    public static SessionResponse ToResponse(this Session s, ThematicLine? line, SubTheme? subTheme, string? caller) => new(
        s.Id,
        s.Code,
        s.Format,
        s.Status,
        s.SourceLanguage,
        s.Languages,
        TextsOf(s, TextFields.Title),
        s.ThematicLineCode is null ? null : new ProgrammeRef(s.ThematicLineCode, line?.Title ?? new Dictionary<string, string>()),
        s.SubThemeCode is null ? null : new ProgrammeRef(s.SubThemeCode, subTheme?.Title ?? new Dictionary<string, string>()),
        s.Organisers,
        s.StartsAt.UtcDateTime,
        s.EndsAt.UtcDateTime,
        s.ReferenceOffsets.Select(FormatOffset).ToList(),
        s.Platform,
        s.Capacity,
        s.RegistrationRequired,
        TextsOf(s, TextFields.Summary),
        TextsOf(s, TextFields.Conceptualisation),
        TextsOf(s, TextFields.Objectives),
        TextsOf(s, TextFields.DiscussionPoints),
        s.Documents,
        s.Translations.ToDictionary(t => t.Key, t => new TranslationResponse(t.Value.Origin, t.Value.Engine, t.Value.Stale)),
        s.IsOrganisedBy(caller) ? s.JoinUrl : null,
        s.ScheduleVersion,
        s.UpdatedAt.UtcDateTime);

    /// <summary>"UTC-03:00" for -180 minutes.</summary>
    public static string FormatOffset(int minutes)
    {
        var sign = minutes < 0 ? "-" : "+";
        var abs = Math.Abs(minutes);
        return string.Create(CultureInfo.InvariantCulture, $"UTC{sign}{abs / 60:00}:{abs % 60:00}");
    }

    /// <summary>
    /// The event-carried state of a session (every language's texts, times, seats, organisers, and its
    /// thematic line and sub-theme with the titles no machine made).
    /// </summary>
    public static SessionSnapshot ToSnapshot(this Session s, ThematicLine? line, SubTheme? subTheme) => new(
        s.Id,
        s.Code,
        s.Format,
        s.SourceLanguage,
        s.Languages.ToList(),
        s.Organisers.ToList(),
        s.StartsAt,
        s.EndsAt,
        s.ReferenceOffsets.ToList(),
        s.Platform,
        s.Capacity,
        s.RegistrationRequired,
        s.Texts.ToDictionary(
            t => t.Key,
            t => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(t.Value),
            StringComparer.Ordinal),
        s.JoinUrl,
        s.ScheduleVersion,
        s.ThematicLineCode is null ? null : line?.ToContract() ?? new ProgrammeTopic(s.ThematicLineCode, new Dictionary<string, string>()),
        s.SubThemeCode is null ? null : subTheme?.ToContract() ?? new ProgrammeTopic(s.SubThemeCode, new Dictionary<string, string>()));

    private static Dictionary<string, string> TextsOf(Session s, string field) =>
        s.Texts.TryGetValue(field, out var byLanguage) ? new Dictionary<string, string>(byLanguage) : [];
}
