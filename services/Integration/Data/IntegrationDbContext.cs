using Conference.Integration.Audit;
using Conference.Integration.Sessions;
using Conference.Integration.Webhooks;
using Conference.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Conference.Integration.Data;

/// <summary>
/// Integration's own database (connection string <c>integrationdb</c>): session copies (code and
/// organisers), webhook subscriptions, the events as partners receive them, the delivery log, the
/// append-only audit trail, and the outbox/inbox tables.
/// </summary>
public sealed class IntegrationDbContext(DbContextOptions<IntegrationDbContext> options) : DbContext(options)
{
    internal DbSet<SessionCopy> Sessions => Set<SessionCopy>();
    internal DbSet<WebhookSubscription> Subscriptions => Set<WebhookSubscription>();
    internal DbSet<WebhookEvent> Events => Set<WebhookEvent>();
    internal DbSet<WebhookDelivery> Deliveries => Set<WebhookDelivery>();
    internal DbSet<AuditEntry> Audit => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();

        modelBuilder.Entity<SessionCopy>(e =>
        {
            e.ToTable("sessions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Code).HasColumnName("code").HasMaxLength(40);
            e.Property(x => x.Organisers).HasColumnName("organisers");
            e.Property(x => x.AsOf).HasColumnName("as_of");
            e.Property(x => x.PublishedAt).HasColumnName("published_at");
        });

        modelBuilder.Entity<WebhookSubscription>(e =>
        {
            e.ToTable("webhook_subscriptions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Organiser).HasColumnName("organiser").HasMaxLength(64);
            e.Property(x => x.CreatedBy).HasColumnName("created_by").HasMaxLength(200);
            e.Property(x => x.Url).HasColumnName("url").HasMaxLength(2000);
            e.Property(x => x.Events).HasColumnName("events");
            e.Property(x => x.Secret).HasColumnName("secret").HasMaxLength(100);
            e.Property(x => x.Status).HasColumnName("status").HasMaxLength(16);
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.ConsecutiveFailures).HasColumnName("consecutive_failures");
            e.Property(x => x.FailingSince).HasColumnName("failing_since");
            e.Property(x => x.PausedAt).HasColumnName("paused_at");
            e.Property(x => x.PausedReason).HasColumnName("paused_reason").HasMaxLength(500);
            e.Property(x => x.EndedAt).HasColumnName("ended_at");
            e.HasIndex(x => new { x.Organiser, x.Status }).HasDatabaseName("ix_webhook_subscriptions_organiser");
        });

        modelBuilder.Entity<WebhookEvent>(e =>
        {
            e.ToTable("webhook_events");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Type).HasColumnName("type").HasMaxLength(40);
            e.Property(x => x.SessionId).HasColumnName("session_id");
            e.Property(x => x.OccurredAt).HasColumnName("occurred_at");
            // text, not jsonb: the body is signed byte for byte and must come back exactly as written.
            e.Property(x => x.Body).HasColumnName("body");
            e.HasIndex(x => new { x.SessionId, x.OccurredAt }).HasDatabaseName("ix_webhook_events_session");
            e.HasIndex(x => x.OccurredAt).HasDatabaseName("ix_webhook_events_occurred");
        });

        modelBuilder.Entity<WebhookDelivery>(e =>
        {
            e.ToTable("webhook_deliveries");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Sequence).HasColumnName("sequence").UseIdentityAlwaysColumn();
            e.Property(x => x.SubscriptionId).HasColumnName("subscription_id");
            e.Property(x => x.EventId).HasColumnName("event_id");
            e.Property(x => x.EventType).HasColumnName("event_type").HasMaxLength(40);
            e.Property(x => x.SessionId).HasColumnName("session_id");
            e.Property(x => x.OccurredAt).HasColumnName("occurred_at");
            e.Property(x => x.Replay).HasColumnName("replay");
            e.Property(x => x.Status).HasColumnName("status").HasMaxLength(16);
            e.Property(x => x.Attempts).HasColumnName("attempts");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.NextAttemptAt).HasColumnName("next_attempt_at");
            e.Property(x => x.LeasedUntil).HasColumnName("leased_until");
            e.Property(x => x.LastAttemptAt).HasColumnName("last_attempt_at");
            e.Property(x => x.LastStatusCode).HasColumnName("last_status_code");
            e.Property(x => x.LastError).HasColumnName("last_error").HasMaxLength(1000);
            e.Property(x => x.LastDurationMs).HasColumnName("last_duration_ms");
            e.Property(x => x.DeliveredAt).HasColumnName("delivered_at");
            e.HasOne<WebhookSubscription>().WithMany().HasForeignKey(x => x.SubscriptionId);
            e.HasOne<WebhookEvent>().WithMany().HasForeignKey(x => x.EventId);
            // A consumed event gives each subscription one delivery; replays add more.
            e.HasIndex(x => new { x.SubscriptionId, x.EventId }).IsUnique().HasFilter("NOT replay").HasDatabaseName("ux_webhook_deliveries_once");
            e.HasIndex(x => new { x.SubscriptionId, x.SessionId, x.OccurredAt, x.Sequence }).HasFilter("status = 'pending'").HasDatabaseName("ix_webhook_deliveries_queue");
            e.HasIndex(x => x.NextAttemptAt).HasFilter("status = 'pending'").HasDatabaseName("ix_webhook_deliveries_due");
            e.HasIndex(x => new { x.SubscriptionId, x.Sequence }).HasDatabaseName("ix_webhook_deliveries_log");
        });

        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_entries");
            e.HasKey(x => x.Sequence);
            e.Property(x => x.Sequence).HasColumnName("sequence").UseIdentityAlwaysColumn();
            e.Property(x => x.EventId).HasColumnName("event_id");
            e.Property(x => x.SessionId).HasColumnName("session_id");
            e.Property(x => x.Organiser).HasColumnName("organiser").HasMaxLength(64);
            e.Property(x => x.ClientId).HasColumnName("client_id").HasMaxLength(200);
            e.Property(x => x.Action).HasColumnName("action").HasMaxLength(40);
            e.Property(x => x.Before).HasColumnName("before").HasColumnType("jsonb");
            e.Property(x => x.After).HasColumnName("after").HasColumnType("jsonb");
            e.Property(x => x.OccurredAt).HasColumnName("occurred_at");
            e.Property(x => x.RecordedAt).HasColumnName("recorded_at");
            e.HasIndex(x => x.EventId).IsUnique().HasDatabaseName("ux_audit_entries_event");
            e.HasIndex(x => new { x.SessionId, x.OccurredAt }).HasDatabaseName("ix_audit_entries_session");
            e.HasIndex(x => new { x.Organiser, x.OccurredAt }).HasFilter("session_id IS NULL").HasDatabaseName("ix_audit_entries_partner");
        });
    }
}
