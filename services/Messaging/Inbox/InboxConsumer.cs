using System.Diagnostics;
using Conference.Messaging.Observability;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conference.Messaging.Inbox;

/// <summary>
/// Base of every consumer: records the message in <c>inbox_messages</c> and runs
/// <see cref="HandleAsync"/> in one transaction, and skips a message already recorded, so a
/// redelivery (at-least-once) changes nothing. Exceptions propagate: MassTransit retries with
/// back-off, then moves the message to the endpoint's <c>_error</c> queue. Logs written meanwhile carry
/// the event's <c>session.id</c> and <c>registration.id</c> in their scope; the consume span carries them as tags.
/// </summary>
public abstract class InboxConsumer<TMessage, TContext>(TContext db, TimeProvider time) : IConsumer<TMessage>
    where TMessage : class
    where TContext : DbContext
{
    /// <summary>The service's database context (same transaction as the inbox record).</summary>
    protected TContext Db { get; } = db;

    /// <summary>Clock.</summary>
    protected TimeProvider Time { get; } = time;

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException("A message without id cannot be deduplicated.");
        var consumer = GetType().Name;
        var (sessionId, registrationId) = EventIds.Of(context.Message);
        Activity.Current?.SetTag(EventIds.SessionId, sessionId?.ToString());
        Activity.Current?.SetTag(EventIds.RegistrationId, registrationId?.ToString());
        using var scope = context.TryGetPayload<IServiceProvider>(out var services)
            ? services.GetService<ILoggerFactory>()?.CreateLogger(GetType()).BeginScope(EventIds.Scope(sessionId, registrationId))
            : null;
        var strategy = Db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            Db.ChangeTracker.Clear();
            // The transaction is retried whole on failure, so EF's savepoint around SaveChanges would only
            // cost two round trips per message.
            Db.Database.AutoSavepointsEnabled = false;
            await using var tx = await Db.Database.BeginTransactionAsync(context.CancellationToken);
            // Record first (one statement): a message already recorded inserts nothing and is skipped; a
            // redelivery racing the first delivery waits on this key and then finds it, instead of both
            // doing the work and one failing at commit.
            var now = Time.GetUtcNow();
            var fresh = await Db.Database.ExecuteSqlAsync(
                $"INSERT INTO inbox_messages (message_id, consumer, processed_at) VALUES ({messageId}, {consumer}, {now}) ON CONFLICT DO NOTHING",
                context.CancellationToken);
            if (fresh == 0)
            {
                return;
            }

            await HandleAsync(context);
            await Db.SaveChangesAsync(context.CancellationToken);
            await tx.CommitAsync(context.CancellationToken);
        });
    }

    /// <summary>The consumer's work, inside the inbox transaction; changes are saved by the base.</summary>
    protected abstract Task HandleAsync(ConsumeContext<TMessage> context);
}
