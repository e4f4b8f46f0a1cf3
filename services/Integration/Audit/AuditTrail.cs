using System.Text.Json;
using Conference.Integration.Data;

namespace Conference.Integration.Audit;

/// <summary>Actions Integration records itself (a partner's webhook changes, and what the platform did to its subscriptions).</summary>
internal static class AuditActions
{
    public const string WebhookCreate = "webhook-create";
    public const string WebhookDelete = "webhook-delete";
    public const string WebhookResume = "webhook-resume";
    public const string WebhookPaused = "webhook-paused";
    public const string WebhookEnded = "webhook-ended";

    /// <summary>Client id of actions the platform took on a partner's behalf.</summary>
    public const string System = "system";
}

/// <summary>Appends audit entries; nothing ever changes or removes one (the table's trigger refuses it).</summary>
internal static class AuditTrail
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Stages an entry; saved with the caller's change.</summary>
    public static void Append(IntegrationDbContext db, Guid? sessionId, string organiser, string clientId, string action, object? before, object? after, DateTimeOffset now) =>
        db.Audit.Add(new AuditEntry
        {
            EventId = Guid.CreateVersion7(now),
            SessionId = sessionId,
            Organiser = organiser.ToUpperInvariant(),
            ClientId = clientId,
            Action = action,
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
            OccurredAt = now,
            RecordedAt = now,
        });
}
