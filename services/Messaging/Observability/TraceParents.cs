using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Conference.Messaging.Observability;

/// <summary>
/// A row that background work picks up later (an email to send, a job to run): it keeps the W3C
/// <c>traceparent</c> of the request or message that wrote it, so the later work continues the same
/// trace (<see cref="TraceParents.StartContinuation"/>) and a journey reads as one trace.
/// </summary>
public interface ITraceParentRow
{
    /// <summary>W3C traceparent (<c>00-{trace}-{span}-{flags}</c>) at write time; null when nothing was traced.</summary>
    string? TraceParent { get; set; }
}

/// <summary>Carrying trace context through database rows.</summary>
public static class TraceParents
{
    /// <summary>The current activity's W3C id, or null.</summary>
    public static string? Current => Activity.Current?.IdFormat == ActivityIdFormat.W3C ? Activity.Current.Id : null;

    /// <summary>
    /// Starts an activity of <paramref name="source"/> whose parent is <paramref name="traceParent"/>
    /// (else a child of the current activity, or a root); null when nobody listens.
    /// </summary>
    public static Activity? StartContinuation(this ActivitySource source, string name, ActivityKind kind, string? traceParent)
    {
        // With no readable parent, the activity joins the ambient one (an ops request) or starts a trace.
        return ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent)
            ? source.StartActivity(name, kind, parent)
            : source.StartActivity(name, kind);
    }
}

/// <summary>Stamps <see cref="ITraceParentRow.TraceParent"/> on rows being added, when not set, from the current activity.</summary>
internal sealed class TraceParentInterceptor : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stamp(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Stamp(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Stamp(DbContext? context)
    {
        if (context is null || TraceParents.Current is not { } current)
        {
            return;
        }
        foreach (var entry in context.ChangeTracker.Entries<ITraceParentRow>())
        {
            if (entry.State == EntityState.Added && entry.Entity.TraceParent is null)
            {
                entry.Entity.TraceParent = current;
            }
        }
    }
}
