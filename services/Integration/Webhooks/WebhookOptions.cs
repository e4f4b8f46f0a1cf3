namespace Conference.Integration.Webhooks;

/// <summary>
/// Webhook delivery settings (configuration section <c>Webhooks</c>). Retries: attempt n waits
/// <see cref="RetryBase"/> × 2^(n-1) (±10 %), at most <see cref="RetryMax"/>, for up to
/// <see cref="RetryFor"/> after the delivery was queued (three days: issue 10); then it is failed.
/// A subscription is paused after <see cref="PauseAfterFailures"/> failed attempts in a row or
/// <see cref="PauseAfter"/> of failing without a success.
/// </summary>
internal sealed class WebhookOptions
{
    /// <summary>Development only (the AppHost sets it in run mode): allows <c>http://</c> to loopback addresses. Production: https to public addresses only.</summary>
    public bool AllowLoopbackHttp { get; set; }

    /// <summary>Time allowed for one POST until the response headers arrive.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan RetryBase { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan RetryMax { get; set; } = TimeSpan.FromHours(4);
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromDays(3);
    public TimeSpan PauseAfter { get; set; } = TimeSpan.FromDays(1);
    public int PauseAfterFailures { get; set; } = 100;

    /// <summary>How often the deliverer looks for due deliveries when nothing wakes it.</summary>
    public TimeSpan Poll { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Deliveries sent at once by one replica.</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>
    /// Retries (the bus's back-off: about 30 s for 6) of an event other than <c>session.published</c>
    /// whose session Integration does not know yet or has not seen published, waiting for its
    /// <c>SessionPublished</c>. Then an unknown session's event is dropped (a session published before
    /// Integration ran has no known organisers) and a known one's is delivered anyway, without its
    /// <c>session.published</c> first (<see cref="WebhookFanOut.StageAsync"/>).
    /// </summary>
    public int UnknownSessionRetries { get; set; } = 6;

    /// <summary>How long a claimed delivery stays reserved for the replica sending it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The wait before retry number <paramref name="attempts"/> + 1.</summary>
    public TimeSpan Backoff(int attempts)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var delay = Math.Min(RetryBase.TotalMilliseconds * Math.Pow(2, exponent), RetryMax.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(delay * (0.9 + (Random.Shared.NextDouble() * 0.2)));
    }
}
