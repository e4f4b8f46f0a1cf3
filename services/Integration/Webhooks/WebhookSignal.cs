using Conference.Messaging.Outbox;

namespace Conference.Integration.Webhooks;

/// <summary>
/// Wakes the deliverer when a transaction of Integration's database commits (new deliveries, a
/// replay, a resumed subscription), so deliveries leave at once; its poll remains the guarantee.
/// The same commit signal the outbox uses, as a second instance of its own.
/// </summary>
internal sealed class WebhookSignal : IDisposable
{
    private readonly OutboxSignal _signal = new();

    /// <summary>The EF Core interceptor that signals after each commit (added to Integration's database context).</summary>
    public OutboxCommitInterceptor Interceptor() => new(_signal);

    public void Notify() => _signal.Notify();

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    public void Dispose() => _signal.Dispose();
}
