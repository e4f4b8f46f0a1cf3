using System.Text.Json;
using Conference.Messaging;
using Conference.Translation.Demand;
using Conference.Translation.Glossary;
using Conference.Translation.Memory;
using Conference.Translation.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Conference.Translation.Data;

/// <summary>
/// Translation's own database (connection string <c>translationdb</c>): local copies of sessions
/// and their source texts, translations per session/language/field, translation jobs, the
/// translation memory, the forum glossary, attendee languages for interpretation demand, and the
/// outbox/inbox tables.
/// </summary>
public sealed class TranslationDbContext(DbContextOptions<TranslationDbContext> options) : DbContext(options)
{
    internal DbSet<SessionCopy> Sessions => Set<SessionCopy>();
    internal DbSet<SourceText> SourceTexts => Set<SourceText>();
    internal DbSet<FieldTranslation> Translations => Set<FieldTranslation>();
    internal DbSet<TranslationJob> Jobs => Set<TranslationJob>();
    internal DbSet<MemoryEntry> Memory => Set<MemoryEntry>();
    internal DbSet<GlossaryEntry> Glossary => Set<GlossaryEntry>();
    internal DbSet<AttendeeLanguage> Attendees => Set<AttendeeLanguage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();

        modelBuilder.Entity<SessionCopy>(e =>
        {
            e.ToTable("sessions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.SourceLanguage).HasColumnName("source_language").HasMaxLength(8);
            e.Property(x => x.Languages).HasColumnName("languages");
            e.Property(x => x.Organisers).HasColumnName("organisers");
            e.Property(x => x.SnapshotAt).HasColumnName("snapshot_at");
            e.Property(x => x.Cancelled).HasColumnName("cancelled");
        });

        modelBuilder.Entity<SourceText>(e =>
        {
            e.ToTable("source_texts");
            e.HasKey(x => new { x.SessionId, x.Field });
            e.Property(x => x.SessionId).HasColumnName("session_id");
            e.Property(x => x.Field).HasColumnName("field").HasMaxLength(40);
            e.Property(x => x.Text).HasColumnName("text");
            e.Property(x => x.Hash).HasColumnName("hash").HasMaxLength(64);
        });

        modelBuilder.Entity<FieldTranslation>(e =>
        {
            e.ToTable("translations");
            e.HasKey(x => new { x.SessionId, x.Language, x.Field });
            e.Property(x => x.SessionId).HasColumnName("session_id");
            e.Property(x => x.Language).HasColumnName("language").HasMaxLength(8);
            e.Property(x => x.Field).HasColumnName("field").HasMaxLength(40);
            e.Property(x => x.Text).HasColumnName("text");
            e.Property(x => x.Origin).HasColumnName("origin").HasMaxLength(16);
            e.Property(x => x.Engine).HasColumnName("engine").HasMaxLength(32);
            e.Property(x => x.SourceHash).HasColumnName("source_hash").HasMaxLength(64);
            e.Property(x => x.TranslatedAt).HasColumnName("translated_at");
        });

        modelBuilder.Entity<TranslationJob>(e =>
        {
            e.ToTable("translation_jobs");
            e.HasKey(x => new { x.SessionId, x.Language });
            e.Property(x => x.SessionId).HasColumnName("session_id");
            e.Property(x => x.Language).HasColumnName("language").HasMaxLength(8);
            e.Property(x => x.Pending).HasColumnName("pending");
            e.Property(x => x.Version).HasColumnName("version");
            e.Property(x => x.Attempts).HasColumnName("attempts");
            e.Property(x => x.NextAttemptAt).HasColumnName("next_attempt_at");
            e.Property(x => x.LeasedUntil).HasColumnName("leased_until");
            e.Property(x => x.LastError).HasColumnName("last_error");
            e.Property(x => x.CompletedAt).HasColumnName("completed_at");
            e.Property(x => x.TraceParent).HasColumnName("trace_parent").HasMaxLength(128);
            e.Property(x => x.RequestedAt).HasColumnName("requested_at");
            e.HasIndex(x => x.NextAttemptAt).HasFilter("pending").HasDatabaseName("ix_translation_jobs_pending");
        });

        modelBuilder.Entity<MemoryEntry>(e =>
        {
            e.ToTable("translation_memory");
            e.HasKey(x => new { x.SourceLanguage, x.TargetLanguage, x.SourceHash });
            e.Property(x => x.SourceLanguage).HasColumnName("source_language").HasMaxLength(8);
            e.Property(x => x.TargetLanguage).HasColumnName("target_language").HasMaxLength(8);
            e.Property(x => x.SourceHash).HasColumnName("source_hash").HasMaxLength(64);
            e.Property(x => x.SourceText).HasColumnName("source_text");
            e.Property(x => x.TargetText).HasColumnName("target_text");
            e.Property(x => x.UpdatedAt).HasColumnName("updated_at");
        });

        var termsComparer = new ValueComparer<Dictionary<string, string>>(
            (a, b) => JsonSerializer.Serialize(a, (JsonSerializerOptions?)null) == JsonSerializer.Serialize(b, (JsonSerializerOptions?)null),
            d => JsonSerializer.Serialize(d, (JsonSerializerOptions?)null).GetHashCode(StringComparison.Ordinal),
            d => new Dictionary<string, string>(d));
        modelBuilder.Entity<GlossaryEntry>(e =>
        {
            e.ToTable("glossary_entries");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            e.Property(x => x.Position).HasColumnName("position");
            e.Property(x => x.Terms).HasColumnName("terms").HasColumnType("jsonb")
                .HasConversion(
                    d => JsonSerializer.Serialize(d, (JsonSerializerOptions?)null),
                    s => JsonSerializer.Deserialize<Dictionary<string, string>>(s, (JsonSerializerOptions?)null) ?? new Dictionary<string, string>())
                .Metadata.SetValueComparer(termsComparer);
        });

        modelBuilder.Entity<AttendeeLanguage>(e =>
        {
            e.ToTable("attendee_languages");
            e.HasKey(x => x.RegistrationId);
            e.Property(x => x.RegistrationId).HasColumnName("registration_id");
            e.Property(x => x.SessionId).HasColumnName("session_id");
            e.Property(x => x.Language).HasColumnName("language").HasMaxLength(8);
            e.Property(x => x.Confirmed).HasColumnName("confirmed");
            e.Property(x => x.LastEventAt).HasColumnName("last_event_at");
            e.HasIndex(x => x.SessionId).HasDatabaseName("ix_attendee_languages_session");
        });
    }
}
