using Conference.Messaging.Inbox;
using Conference.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Conference.Messaging;

/// <summary>Maps the outbox and inbox tables into a service's own database.</summary>
public static class MessagingModel
{
    /// <summary>Adds <c>outbox_messages</c> and <c>inbox_messages</c> to the model (call from <c>OnModelCreating</c>).</summary>
    public static ModelBuilder AddOutboxAndInbox(this ModelBuilder model)
    {
        model.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox_messages");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Sequence).HasColumnName("sequence").UseIdentityAlwaysColumn();
            e.Property(x => x.MessageType).HasColumnName("message_type").HasMaxLength(300);
            e.Property(x => x.Payload).HasColumnName("payload").HasColumnType("jsonb");
            e.Property(x => x.OccurredAt).HasColumnName("occurred_at");
            e.Property(x => x.TraceParent).HasColumnName("trace_parent").HasMaxLength(128);
            e.Property(x => x.DispatchedAt).HasColumnName("dispatched_at");
            e.Property(x => x.Attempts).HasColumnName("attempts");
            e.Property(x => x.LastError).HasColumnName("last_error");
            e.HasIndex(x => x.Sequence).HasFilter("dispatched_at IS NULL").HasDatabaseName("ix_outbox_pending");
        });
        model.Entity<InboxMessage>(e =>
        {
            e.ToTable("inbox_messages");
            e.HasKey(x => new { x.MessageId, x.Consumer });
            e.Property(x => x.MessageId).HasColumnName("message_id");
            e.Property(x => x.Consumer).HasColumnName("consumer").HasMaxLength(200);
            e.Property(x => x.ProcessedAt).HasColumnName("processed_at");
        });
        return model;
    }
}
