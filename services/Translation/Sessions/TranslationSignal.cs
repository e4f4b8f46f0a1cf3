using Conference.Messaging.Outbox;

namespace Conference.Translation.Sessions;

/// <summary>
/// Wakes the translation workers when a transaction of Translation's database commits (a session
/// taken in, a re-run, a job finished), so a new job starts at once rather than at the next poll,
/// which remains the guarantee. It is the outbox's commit signal (<see cref="OutboxSignal"/> and
/// its interceptor, as Integration's webhooks use it), a second instance of Translation's own: waking
/// before the commit, as a plain call would, finds the job not yet visible.
/// </summary>
internal sealed class TranslationSignal : IDisposable
{
    private readonly OutboxSignal _signal = new();

    /// <summary>The EF Core interceptor that signals after each commit (added to Translation's database context).</summary>
    public OutboxCommitInterceptor Interceptor() => new(_signal);

    /// <summary>A job may be due now (for changes made outside a transaction, and to wake a second worker).</summary>
    public void Notify() => _signal.Notify();

    /// <summary>Waits for a commit or the timeout.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    public void Dispose() => _signal.Dispose();
}
