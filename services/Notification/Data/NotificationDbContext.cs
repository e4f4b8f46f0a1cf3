using System.Text.Json;
using Conference.Messaging;
using Conference.Notification.Messages;
using Conference.Notification.Registrations;
using Conference.Notification.Reminders;
using Conference.Notification.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Conference.Notification.Data;

/// <summary>
/// Notification's own database (connection string <c>notificationdb</c>): session copies, registrations,
/// outgoing messages (the delivery log), scheduled reminders, and the shared outbox and inbox tables.
/// </summary>
internal sealed class NotificationDbContext(DbContextOptions<NotificationDbContext> options) : DbContext(options)
{
    public DbSet<SessionCopy> Sessions => Set<SessionCopy>();

    public DbSet<AttendeeRegistration> Registrations => Set<AttendeeRegistration>();

    public DbSet<OutgoingMessage> OutgoingMessages => Set<OutgoingMessage>();

    public DbSet<ScheduledReminder> Reminders => Set<ScheduledReminder>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();

        modelBuilder.Entity<SessionCopy>(e =>
        {
            e.ToTable("sessions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Code).HasColumnName("code").HasMaxLength(50);
            e.Property(x => x.SourceLanguage).HasColumnName("source_language").HasMaxLength(8);
            e.Property(x => x.Languages).HasColumnName("languages");
            e.Property(x => x.Organisers).HasColumnName("organisers");
            e.Property(x => x.StartsAt).HasColumnName("starts_at");
            e.Property(x => x.EndsAt).HasColumnName("ends_at");
            e.Property(x => x.ReferenceOffsets).HasColumnName("reference_offsets");
            e.Property(x => x.Platform).HasColumnName("platform").HasMaxLength(200);
            e.Property(x => x.Texts).HasColumnName("texts").HasColumnType("jsonb")
                .HasConversion(
                    v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null),
                    v => JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(v, (JsonSerializerOptions?)null) ?? new(),
                    new ValueComparer<Dictionary<string, Dictionary<string, string>>>(
                        (a, b) => JsonSerializer.Serialize(a, (JsonSerializerOptions?)null) == JsonSerializer.Serialize(b, (JsonSerializerOptions?)null),
                        v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null).GetHashCode(StringComparison.Ordinal),
                        v => JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(JsonSerializer.Serialize(v, (JsonSerializerOptions?)null), (JsonSerializerOptions?)null)!));
            e.Property(x => x.JoinUrl).HasColumnName("join_url").HasMaxLength(2000);
            e.Property(x => x.ScheduleVersion).HasColumnName("schedule_version");
            e.Property(x => x.Cancelled).HasColumnName("cancelled");
            e.Property(x => x.CancelReason).HasColumnName("cancel_reason");
            e.Property(x => x.UpdatedAt).HasColumnName("updated_at");
        });

        modelBuilder.Entity<AttendeeRegistration>(e =>
        {
            e.ToTable("registrations");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.SessionId).HasColumnName("session_id");
            e.Property(x => x.Name).HasColumnName("name").HasMaxLength(300);
            e.Property(x => x.Email).HasColumnName("email").HasMaxLength(320);
            e.Property(x => x.Language).HasColumnName("language").HasMaxLength(8);
            e.Property(x => x.TimeZone).HasColumnName("time_zone").HasMaxLength(100);
            e.Property(x => x.ManageToken).HasColumnName("manage_token").HasMaxLength(200);
            e.Property(x => x.Status).HasColumnName("status").HasMaxLength(20);
            e.Property(x => x.WaitlistPosition).HasColumnName("waitlist_position");
            e.Property(x => x.LastEventAt).HasColumnName("last_event_at");
            e.HasIndex(x => new { x.SessionId, x.Status }).HasDatabaseName("ix_registrations_session");
        });

        modelBuilder.Entity<OutgoingMessage>(e =>
        {
            e.ToTable("outgoing_messages");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Serial).HasColumnName("serial").UseIdentityAlwaysColumn();
            e.Property(x => x.RegistrationId).HasColumnName("registration_id");
            e.Property(x => x.SessionId).HasColumnName("session_id");
            e.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(40);
            e.Property(x => x.Sequence).HasColumnName("sequence");
            e.Property(x => x.Recipient).HasColumnName("recipient").HasMaxLength(320);
            e.Property(x => x.RecipientName).HasColumnName("recipient_name").HasMaxLength(300);
            e.Property(x => x.Language).HasColumnName("language").HasMaxLength(8);
            e.Property(x => x.Subject).HasColumnName("subject").HasMaxLength(1000);
            e.Property(x => x.TextBody).HasColumnName("text_body");
            e.Property(x => x.HtmlBody).HasColumnName("html_body");
            e.Property(x => x.Ics).HasColumnName("ics");
            e.Property(x => x.IcsMethod).HasColumnName("ics_method").HasMaxLength(20);
            e.Property(x => x.Status).HasColumnName("status").HasMaxLength(20);
            e.Property(x => x.Attempts).HasColumnName("attempts");
            e.Property(x => x.LastError).HasColumnName("last_error").HasMaxLength(2000);
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.NextAttemptAt).HasColumnName("next_attempt_at");
            e.Property(x => x.SentAt).HasColumnName("sent_at");
            e.Property(x => x.TraceParent).HasColumnName("trace_parent").HasMaxLength(128);
            e.Property(x => x.CausedAt).HasColumnName("caused_at");
            // Exactly once as the attendee sees it: one message per (registration, kind, sequence).
            e.HasIndex(x => new { x.RegistrationId, x.Kind, x.Sequence }).IsUnique().HasDatabaseName("ux_outgoing_messages_key");
            e.HasIndex(x => new { x.NextAttemptAt, x.Serial }).HasFilter("status = 'pending'").HasDatabaseName("ix_outgoing_messages_pending");
            e.HasIndex(x => new { x.SessionId, x.Serial }).HasDatabaseName("ix_outgoing_messages_session");
        });

        modelBuilder.Entity<ScheduledReminder>(e =>
        {
            e.ToTable("reminders");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.RegistrationId).HasColumnName("registration_id");
            e.Property(x => x.SessionId).HasColumnName("session_id");
            e.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(40);
            e.Property(x => x.DueAt).HasColumnName("due_at");
            e.HasIndex(x => new { x.RegistrationId, x.Kind }).IsUnique().HasDatabaseName("ux_reminders_registration_kind");
            e.HasIndex(x => x.DueAt).HasDatabaseName("ix_reminders_due");
            e.HasIndex(x => x.SessionId).HasDatabaseName("ix_reminders_session");
        });
    }
}
