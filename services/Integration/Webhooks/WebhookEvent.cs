namespace Conference.Integration.Webhooks;

/// <summary>
/// An event as partners receive it (table <c>webhook_events</c>): the exact JSON body every delivery
/// and replay sends, <c>{ "schemaVersion": 1, "id", "type", "occurredAt", "data" }</c>.
/// </summary>
internal sealed class WebhookEvent
{
    /// <summary>The integration event's id (also the <c>Webhook-Id</c> header).</summary>
    public Guid Id { get; set; }
    public required string Type { get; set; }
    public Guid SessionId { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public required string Body { get; set; }
}
