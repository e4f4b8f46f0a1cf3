using System.Diagnostics;
using System.Text.Json;
using Conference.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Conference.Messaging.Outbox;

/// <summary>Writing events to the outbox, inside the caller's unit of work.</summary>
public static class OutboxExtensions
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Stages <paramref name="event"/> as an outbox row; it is committed by the caller's next
    /// <c>SaveChanges</c> (and transaction), together with the change that caused it, and published after.
    /// </summary>
    public static void AddEvent<TEvent>(this DbContext db, TEvent @event) where TEvent : class, IIntegrationEvent
    {
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            Id = @event.EventId,
            MessageType = typeof(TEvent).FullName!,
            Payload = JsonSerializer.Serialize(@event, Json),
            OccurredAt = @event.OccurredAt,
            TraceParent = Activity.Current?.Id,
        });
    }

    /// <summary>A new time-ordered event id.</summary>
    public static Guid NewEventId() => Guid.CreateVersion7();
}
