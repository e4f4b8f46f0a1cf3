using System.Text.Json.Serialization;

namespace Conference.Integration.Webhooks;

/// <summary>Body of <c>POST /api/v1/webhooks</c>: the URL deliveries are POSTed to and the event kinds wanted (<see cref="EventKinds"/>).</summary>
public sealed record CreateSubscriptionRequest(string? Url, IReadOnlyList<string>? Events);

/// <summary>
/// A webhook subscription. <c>status</c>: active, paused (the endpoint kept failing: see
/// <c>pausedAt</c>, <c>pausedReason</c>; <c>POST .../resume</c>) or ended (it answered 410 Gone).
/// <c>secret</c> (Standard Webhooks, <c>whsec_...</c>) appears only in the answer to its creation.
/// </summary>
public sealed record SubscriptionResponse(
    Guid Id,
    string Url,
    IReadOnlyList<string> Events,
    string Status,
    DateTime CreatedAt,
    string CreatedBy,
    int ConsecutiveFailures,
    DateTime? FailingSince,
    DateTime? PausedAt,
    string? PausedReason,
    DateTime? EndedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Secret = null);

/// <summary>The calling partner's subscriptions (deleted ones left out), oldest first.</summary>
public sealed record SubscriptionList(IReadOnlyList<SubscriptionResponse> Items);

/// <summary>
/// One delivery of the log: <c>status</c> pending / delivered / failed (given up after three days, or
/// 410) / cancelled (subscription deleted or ended); <c>attempts</c>; the last attempt's time, HTTP
/// status (null when no answer came), error and duration in milliseconds; when the next attempt is due.
/// </summary>
public sealed record DeliveryItem(
    Guid Id,
    Guid EventId,
    string Type,
    Guid SessionId,
    DateTime OccurredAt,
    bool Replay,
    string Status,
    int Attempts,
    DateTime CreatedAt,
    DateTime? LastAttemptAt,
    int? LastStatusCode,
    string? LastError,
    int? LastDurationMs,
    DateTime? NextAttemptAt,
    DateTime? DeliveredAt);

/// <summary>A page of the delivery log, newest first.</summary>
public sealed record DeliveryPage(IReadOnlyList<DeliveryItem> Items, int Page, int PageSize, int Total);

/// <summary>Body of <c>POST /api/v1/webhooks/{id}/replay</c>: one event by id, or every event in <c>[from, to)</c> (UTC instants).</summary>
public sealed record ReplayRequest(Guid? EventId, DateTimeOffset? From, DateTimeOffset? To);

/// <summary>The deliveries a replay queued (in event order).</summary>
public sealed record ReplayResult(Guid SubscriptionId, int Count, IReadOnlyList<Guid> Deliveries);

internal static class SubscriptionMapping
{
    public static SubscriptionResponse ToResponse(this WebhookSubscription s, bool withSecret = false) => new(
        s.Id, s.Url, s.Events, s.Status, s.CreatedAt.UtcDateTime, s.CreatedBy, s.ConsecutiveFailures,
        s.FailingSince?.UtcDateTime, s.PausedAt?.UtcDateTime, s.PausedReason, s.EndedAt?.UtcDateTime,
        withSecret ? s.Secret : null);

    public static DeliveryItem ToItem(this WebhookDelivery d) => new(
        d.Id, d.EventId, d.EventType, d.SessionId, d.OccurredAt.UtcDateTime, d.Replay, d.Status, d.Attempts, d.CreatedAt.UtcDateTime,
        d.LastAttemptAt?.UtcDateTime, d.LastStatusCode, d.LastError, d.LastDurationMs,
        d.Status == DeliveryStatus.Pending ? d.NextAttemptAt.UtcDateTime : null, d.DeliveredAt?.UtcDateTime);
}
