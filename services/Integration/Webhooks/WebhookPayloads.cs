using System.Text.Json;
using System.Text.Json.Serialization;
using Conference.Contracts;

namespace Conference.Integration.Webhooks;

/// <summary>
/// The body of every webhook delivery (schema version 1): <c>id</c> is the event id (also the
/// <c>Webhook-Id</c> header, the same on every retry and replay, so a receiver can drop duplicates),
/// <c>type</c> one of <see cref="EventKinds"/>, <c>occurredAt</c> the UTC instant of the change,
/// <c>data</c> the event's data (shapes below). Absent values are left out.
/// </summary>
public sealed record WebhookEnvelope<TData>(int SchemaVersion, Guid Id, string Type, DateTime OccurredAt, TData Data);

/// <summary>
/// A session as its organisers see it (public API contract, session fields): texts are maps
/// language → text, times UTC instants, capacity in seats; <c>joinUrl</c> is included (organisers are entitled to it).
/// </summary>
public sealed record WebhookSession(
    Guid Id,
    string Code,
    string Format,
    string SourceLanguage,
    IReadOnlyList<string> Languages,
    IReadOnlyList<string> Organisers,
    DateTime StartsAt,
    DateTime EndsAt,
    string? Platform,
    int Capacity,
    bool RegistrationRequired,
    IReadOnlyDictionary<string, string> Title,
    IReadOnlyDictionary<string, string> Summary,
    IReadOnlyDictionary<string, string> Conceptualisation,
    IReadOnlyDictionary<string, string> Objectives,
    IReadOnlyDictionary<string, string> DiscussionPoints,
    string? JoinUrl,
    int ScheduleVersion);

/// <summary><c>session.published</c>: the whole session.</summary>
public sealed record SessionPublishedData(WebhookSession Session);

/// <summary><c>session.updated</c>: the whole session and the fields that changed (API names).</summary>
public sealed record SessionUpdatedData(WebhookSession Session, IReadOnlyList<string> ChangedFields);

/// <summary><c>session.rescheduled</c>: the new times (UTC) and the schedule version (raised on each move).</summary>
public sealed record SessionRescheduledData(Guid SessionId, string? Code, DateTime StartsAt, DateTime EndsAt, int ScheduleVersion);

/// <summary><c>session.cancelled</c>: the organisers' reason.</summary>
public sealed record SessionCancelledData(Guid SessionId, string? Code, string Reason);

/// <summary><c>session.translated</c>: the texts of one language (field → text); origin <c>machine</c> (with its engine) or <c>reviewed</c>.</summary>
public sealed record SessionTranslatedData(Guid SessionId, string? Code, string Language, string Origin, string? Engine, IReadOnlyDictionary<string, string> Fields);

/// <summary><c>registration.*</c>: the registration as the partner's registrations view shows it.</summary>
public sealed record RegistrationData(Guid SessionId, string? Code, WebhookRegistration Registration);

/// <summary>
/// An attendee's registration, with what the organiser's registrations view shows (name, email,
/// language, IANA time zone) and never the attendee's manage token. <c>status</c>: confirmed,
/// waitlisted (with <c>waitlistPosition</c>, 1 = next) or cancelled (with <c>cancelReason</c>:
/// attendee, organiser or session-cancelled, and <c>heldSeat</c>).
/// </summary>
public sealed record WebhookRegistration(
    Guid Id, string Name, string Email, string Language, string TimeZone, string Status,
    int? WaitlistPosition = null, string? CancelReason = null, bool? HeldSeat = null);

/// <summary>Builds the data of each event kind from the integration events.</summary>
internal static class WebhookPayloads
{
    /// <summary>Camel case, UTC instants with Z, nulls left out.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Body<TData>(Guid id, string type, DateTimeOffset occurredAt, TData data) =>
        JsonSerializer.Serialize(new WebhookEnvelope<TData>(1, id, type, occurredAt.UtcDateTime, data), Json);

    public static WebhookSession Session(SessionSnapshot s)
    {
        IReadOnlyDictionary<string, string> Texts(string field) =>
            s.Texts.TryGetValue(field, out var byLanguage) ? byLanguage.ToDictionary(t => t.Key, t => t.Value) : new Dictionary<string, string>();
        return new WebhookSession(
            s.SessionId, s.Code, s.Format, s.SourceLanguage, s.Languages, s.Organisers, s.StartsAt.UtcDateTime, s.EndsAt.UtcDateTime,
            s.Platform, s.Capacity, s.RegistrationRequired,
            Texts("title"), Texts("summary"), Texts("conceptualisation"), Texts("objectives"), Texts("discussionPoints"),
            s.JoinUrl, s.ScheduleVersion);
    }

    public static WebhookRegistration Registration(Attendee a, string status, int? position = null, string? reason = null, bool? heldSeat = null) =>
        new(a.RegistrationId, a.Name, a.Email, a.Language, a.TimeZone, status, position, reason, heldSeat);
}
