namespace Conference.Integration.Webhooks;

/// <summary>Statuses of a subscription: active → paused (endpoint kept failing; resumable) / ended (410 Gone) / deleted.</summary>
internal static class SubscriptionStatus
{
    public const string Active = "active";
    public const string Paused = "paused";
    public const string Ended = "ended";
    public const string Deleted = "deleted";
}

/// <summary>
/// A partner's webhook subscription (table <c>webhook_subscriptions</c>): where to POST which event
/// kinds of the sessions it organises, and the secret deliveries are signed with (Standard Webhooks
/// format <c>whsec_</c> + base64 of 32 random bytes; shown once, at creation).
/// </summary>
internal sealed class WebhookSubscription
{
    public Guid Id { get; set; }

    /// <summary>Organiser code of the owning partner, upper-cased ("OIT").</summary>
    public required string Organiser { get; set; }

    /// <summary>OAuth client id that created it.</summary>
    public required string CreatedBy { get; set; }
    public required string Url { get; set; }

    /// <summary>Event kinds (<see cref="EventKinds"/>).</summary>
    public List<string> Events { get; set; } = [];
    public required string Secret { get; set; }
    public string Status { get; set; } = SubscriptionStatus.Active;
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Failed attempts in a row (any delivery of this subscription); zero after a success.</summary>
    public int ConsecutiveFailures { get; set; }

    /// <summary>Start of the current run of failures; null while the endpoint answers.</summary>
    public DateTimeOffset? FailingSince { get; set; }
    public DateTimeOffset? PausedAt { get; set; }
    public string? PausedReason { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
}
