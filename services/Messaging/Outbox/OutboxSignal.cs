using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Conference.Messaging.Outbox;

/// <summary>
/// An in-process wake-up for a worker that polls its own table: <see cref="Notify"/> wakes one waiter
/// at once (or the next one to wait, if none is waiting), so work leaves in milliseconds rather than
/// at the next poll; the poll remains the guarantee (other replicas, rows that become due later).
/// The outbox dispatcher waits on one; workers that wait on their own rows (Notification's mail
/// sender, Translation's jobs, Integration's webhooks) use an instance of their own, notified by
/// <see cref="OutboxCommitInterceptor"/> after each commit or by the code that queued the work.
/// </summary>
public class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>Something may be waiting: wakes one waiter (at most one wake-up is kept).</summary>
    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try { _signal.Release(); } catch (SemaphoreFullException) { /* already signalled */ }
        }
    }

    /// <summary>Waits for a notification or <paramref name="timeout"/> (the poll interval); true when notified.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the semaphore.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _signal.Dispose();
        }
    }
}

/// <summary>
/// EF Core interceptor that notifies every given signal after each commit, or after a save outside
/// a transaction (the outbox dispatcher's, and any worker's that waits on rows of the same database).
/// </summary>
public sealed class OutboxCommitInterceptor(params OutboxSignal[] signals) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            NotifyAll();
        }
        return ValueTask.FromResult(result);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        NotifyAll();
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => NotifyAll();

    private void NotifyAll()
    {
        foreach (var signal in signals)
        {
            signal.Notify();
        }
    }
}
