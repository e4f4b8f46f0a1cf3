namespace Conference.Gateway.Web.Api;

/// <summary>
/// A session as the pages read it from Catalog (public API contract, "Session fields"; only what
/// the pages show). Texts are maps language → text; times are UTC instants; reference time zones
/// are the offsets the card showed, e.g. "UTC-03:00".
/// </summary>
public sealed record SessionData(
    Guid Id,
    string Code,
    string? Format,
    string Status,
    string SourceLanguage,
    IReadOnlyList<string> Languages,
    IReadOnlyDictionary<string, string>? Title,
    ProgrammeRefData? ThematicLine,
    ProgrammeRefData? SubTheme,
    IReadOnlyList<string>? Organisers,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    IReadOnlyList<string>? ReferenceTimeZones,
    string? Platform,
    int Capacity,
    bool RegistrationRequired,
    IReadOnlyDictionary<string, string>? Summary,
    IReadOnlyDictionary<string, string>? Conceptualisation,
    IReadOnlyDictionary<string, string>? Objectives,
    IReadOnlyDictionary<string, string>? DiscussionPoints,
    IReadOnlyList<DocumentData>? Documents,
    IReadOnlyDictionary<string, TranslationData>? Translations);

/// <summary>A thematic line or sub-theme: code and title per language.</summary>
public sealed record ProgrammeRefData(string Code, IReadOnlyDictionary<string, string>? Title);

/// <summary>A document of a session: title, and an address when the card gave one.</summary>
public sealed record DocumentData(string? Title, string? Url);

/// <summary>Origin of a language's texts: source, machine (with engine) or reviewed.</summary>
public sealed record TranslationData(string Origin, string? Engine);

/// <summary>The programme: thematic lines with sub-themes and their published sessions.</summary>
public sealed record ProgrammeData(IReadOnlyList<ProgrammeLineData> ThematicLines, IReadOnlyList<SessionData>? OtherSessions);

/// <summary>A thematic line of the programme.</summary>
public sealed record ProgrammeLineData(string Code, IReadOnlyDictionary<string, string>? Title, IReadOnlyList<ProgrammeSubThemeData>? SubThemes, IReadOnlyList<SessionData>? Sessions);

/// <summary>A sub-theme of the programme.</summary>
public sealed record ProgrammeSubThemeData(string Code, IReadOnlyDictionary<string, string>? Title, IReadOnlyList<SessionData>? Sessions);

/// <summary>A page of sessions from <c>GET /api/v1/sessions</c>.</summary>
public sealed record SessionPageData(IReadOnlyList<SessionData> Items, int Page, int PageSize, int Total);

/// <summary>Seats of a session (Registration): remaining = capacity − confirmed.</summary>
public sealed record AvailabilityData(Guid SessionId, int Capacity, int Confirmed, int Waitlisted, int Remaining);

/// <summary>A registration as its attendee sees it (Registration, <c>GET /api/v1/registrations/{id}</c>).</summary>
public sealed record RegistrationData(
    Guid Id,
    Guid SessionId,
    string Name,
    string Email,
    string? Organisation,
    string? Country,
    string Language,
    string TimeZone,
    string Status,
    int? WaitlistPosition,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CancelledAt);

/// <summary>Body of <c>POST /api/v1/sessions/{id}/registrations</c>.</summary>
public sealed record RegisterData(string? Name, string? Email, string? Organisation, string? Country, string? Language, string? TimeZone);

/// <summary>What a registration attempt came to.</summary>
public abstract record RegisterOutcome
{
    /// <summary>201: confirmed or waitlisted (position 1 = next), with the manage token.</summary>
    public sealed record Registered(Guid Id, string Status, int? WaitlistPosition, string ManageToken) : RegisterOutcome;

    /// <summary>422: field → messages, as Registration wrote them.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : RegisterOutcome;

    /// <summary>
    /// Refused for the whole request: <c>duplicate-email</c>, <c>session-cancelled</c>,
    /// <c>session-started</c> (409), <c>unknown-session</c> (404), <c>too-many</c> (429),
    /// <c>key-reused</c> (422: the form's idempotency key already registered other details).
    /// </summary>
    public sealed record Refused(string Reason) : RegisterOutcome;
}
