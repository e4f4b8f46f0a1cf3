namespace Conference.Contracts;

// Message contracts shared by every service. MassTransit names messages by namespace and type:
// this namespace never changes, and a contract only ever gains optional members (additive change).

/// <summary>What every integration event carries: a unique id and the UTC instant it occurred.</summary>
public interface IIntegrationEvent
{
    /// <summary>Unique event id (the outbox row id; also the MassTransit message id).</summary>
    Guid EventId { get; }

    /// <summary>When the change happened (UTC).</summary>
    DateTimeOffset OccurredAt { get; }
}

/// <summary>
/// The state of a session carried with session events (event-carried state), so consumers need not
/// call Catalog. Texts are keyed by field (<c>title</c>, <c>summary</c>, <c>conceptualisation</c>,
/// <c>objectives</c>, <c>discussionPoints</c>) then by ISO 639-1 language.
/// </summary>
/// <param name="SessionId">Catalog id.</param>
/// <param name="Code">Forum code, e.g. "3.2.2".</param>
/// <param name="Format">"workshop", "panel", ...</param>
/// <param name="SourceLanguage">ISO 639-1 language the texts were written in.</param>
/// <param name="Languages">Session languages (ISO 639-1).</param>
/// <param name="Organisers">Organiser codes as written on the card ("OIT").</param>
/// <param name="StartsAt">Start instant (UTC).</param>
/// <param name="EndsAt">End instant (UTC).</param>
/// <param name="ReferenceOffsets">The card's reference UTC offsets in minutes (e.g. -180, 120), in card order.</param>
/// <param name="Platform">"Zoom", a room name, ...</param>
/// <param name="Capacity">Seats.</param>
/// <param name="RegistrationRequired">Whether attendees must register.</param>
/// <param name="Texts">field → language → text.</param>
/// <param name="JoinUrl">Online join address; only for confirmed attendees.</param>
/// <param name="ScheduleVersion">Raised on every reschedule (iCalendar SEQUENCE).</param>
/// <param name="ThematicLine">The session's thematic line (code, titles as partners gave or reviewed them, no
/// machine-made title), or null when it names none. Added later: null in messages sent before.</param>
/// <param name="SubTheme">The session's sub-theme, as <paramref name="ThematicLine"/>.</param>
public sealed record SessionSnapshot(
    Guid SessionId,
    string Code,
    string Format,
    string SourceLanguage,
    IReadOnlyList<string> Languages,
    IReadOnlyList<string> Organisers,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    IReadOnlyList<int> ReferenceOffsets,
    string? Platform,
    int Capacity,
    bool RegistrationRequired,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Texts,
    string? JoinUrl,
    int ScheduleVersion,
    ProgrammeTopic? ThematicLine = null,
    ProgrammeTopic? SubTheme = null);

/// <summary>
/// A thematic line ("3") or sub-theme ("3.2") of the programme: <paramref name="Title"/> maps an
/// ISO 639-1 language to the title in it.
/// </summary>
public sealed record ProgrammeTopic(string Code, IReadOnlyDictionary<string, string> Title);

/// <summary>A session was published: it is visible and open for registration.</summary>
public sealed record SessionPublished(Guid EventId, DateTimeOffset OccurredAt, SessionSnapshot Session) : IIntegrationEvent;

/// <summary>A published session's texts or details changed (not its schedule).</summary>
public sealed record SessionUpdated(Guid EventId, DateTimeOffset OccurredAt, SessionSnapshot Session, IReadOnlyList<string> ChangedFields) : IIntegrationEvent;

/// <summary>A published session moved; <paramref name="ScheduleVersion"/> is raised each time.</summary>
public sealed record SessionRescheduled(Guid EventId, DateTimeOffset OccurredAt, Guid SessionId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int ScheduleVersion) : IIntegrationEvent;

/// <summary>A published session was cancelled by its organisers.</summary>
public sealed record SessionCancelled(Guid EventId, DateTimeOffset OccurredAt, Guid SessionId, string Reason) : IIntegrationEvent;

/// <summary>
/// Texts of a session in one language made by Translation.
/// <paramref name="Fields"/>: field → translated text, the session's text fields and, when the session
/// names them, <c>thematicLineTitle</c> and <c>subThemeTitle</c> (titles of its thematic line and
/// sub-theme, which Catalog keeps with the programme, not with the session's texts); <paramref name="Origin"/>: "machine" or "reviewed";
/// <paramref name="Engine"/>: "apertium", "libretranslate", "deepl" (null when reviewed by a person).
/// </summary>
public sealed record SessionTranslated(Guid EventId, DateTimeOffset OccurredAt, Guid SessionId, string Language, IReadOnlyDictionary<string, string> Fields, string Origin, string? Engine) : IIntegrationEvent;

/// <summary>Registration changed a session's capacity (seats).</summary>
public sealed record SessionCapacityChanged(Guid EventId, DateTimeOffset OccurredAt, Guid SessionId, int Capacity, int Confirmed) : IIntegrationEvent;

/// <summary>
/// The attendee facts every registration event carries, so Notification can write without asking.
/// </summary>
/// <param name="RegistrationId">Registration id.</param>
/// <param name="SessionId">Session id.</param>
/// <param name="Name">Attendee name.</param>
/// <param name="Email">Attendee email as given (trimmed).</param>
/// <param name="Language">Preferred language (ISO 639-1), one of the session's.</param>
/// <param name="TimeZone">IANA time zone of the attendee.</param>
/// <param name="ManageToken">Secret for the attendee's manage link; set in RegistrationConfirmed and
/// RegistrationWaitlisted only, empty in later events (Registration keeps only its hash).</param>
public sealed record Attendee(Guid RegistrationId, Guid SessionId, string Name, string Email, string Language, string TimeZone, string ManageToken);

/// <summary>A seat was given to the attendee.</summary>
public sealed record RegistrationConfirmed(Guid EventId, DateTimeOffset OccurredAt, Attendee Attendee) : IIntegrationEvent;

/// <summary>The session was full: the attendee is on the waiting list at <paramref name="Position"/> (1 = next).</summary>
public sealed record RegistrationWaitlisted(Guid EventId, DateTimeOffset OccurredAt, Attendee Attendee, int Position) : IIntegrationEvent;

/// <summary>A waitlisted attendee got a seat that was freed or added.</summary>
public sealed record RegistrationPromoted(Guid EventId, DateTimeOffset OccurredAt, Attendee Attendee) : IIntegrationEvent;

/// <summary>
/// A registration ended. <paramref name="Reason"/>: "attendee" (cancelled by the attendee),
/// "organiser" (removed by an organising partner) or "session-cancelled".
/// </summary>
public sealed record RegistrationCancelled(Guid EventId, DateTimeOffset OccurredAt, Attendee Attendee, string Reason, bool HeldSeat) : IIntegrationEvent;

/// <summary>
/// Who made a partner action: the partner's organiser code (token claim <c>organiser</c>, e.g. "OIT")
/// and its OAuth client id (token claim <c>sub</c>, e.g. "oit"); <c>system</c> for actions the
/// platform took on a partner's behalf (a webhook subscription paused after failures).
/// </summary>
public sealed record PartnerActor(string Organiser, string ClientId);

/// <summary>
/// A partner changed something (audit trail, append-only in Integration). <paramref name="Action"/>:
/// "import", "create", "edit", "publish", "reschedule", "cancel", "review", "remove-attendee",
/// "capacity", "webhook-create", "webhook-delete". <paramref name="Before"/> and <paramref name="After"/>
/// are JSON objects holding only the changed values (field → value), null when there was nothing
/// before (a new session); they carry no attendee name or email (the audit is kept for good, personal
/// data is not: attendees appear by registration id). <paramref name="SessionOrganisers"/>: the
/// session's organiser codes after the action, so the audit can be shown to them even for a draft.
/// </summary>
public sealed record PartnerActionRecorded(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid? SessionId,
    PartnerActor Actor,
    string Action,
    System.Text.Json.JsonElement? Before,
    System.Text.Json.JsonElement? After,
    IReadOnlyList<string>? SessionOrganisers = null) : IIntegrationEvent;
