using Conference.Messaging;
using Conference.Registration.Idempotency;
using Conference.Registration.Registrations;
using Conference.Registration.Seats;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Conference.Registration.Data;

/// <summary>
/// Registration's own database (connection string <c>registrationdb</c>): seat counters,
/// registrations, idempotency records, and the outbox/inbox tables.
/// </summary>
internal sealed class RegistrationDbContext(DbContextOptions<RegistrationDbContext> options) : DbContext(options)
{
    /// <summary>Name of the unique index that allows one active registration per email and session.</summary>
    public const string UniqueActiveEmailIndex = "ux_registrations_session_email_active";

    public DbSet<SessionSeats> Seats => Set<SessionSeats>();
    public DbSet<Registrations.Registration> Registrations => Set<Registrations.Registration>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SessionSeats>(e =>
        {
            e.ToTable("session_seats", t =>
            {
                t.HasCheckConstraint("ck_session_seats_counts", "confirmed >= 0 AND waitlisted >= 0 AND confirmed <= capacity");
            });
            e.HasKey(x => x.SessionId);
            e.Property(x => x.SessionId).HasColumnName("session_id");
            e.Property(x => x.Capacity).HasColumnName("capacity");
            e.Property(x => x.Confirmed).HasColumnName("confirmed");
            e.Property(x => x.Waitlisted).HasColumnName("waitlisted");
            e.Property(x => x.WaitlistSequence).HasColumnName("waitlist_sequence");
            e.Property(x => x.StartsAt).HasColumnName("starts_at");
            e.Property(x => x.EndsAt).HasColumnName("ends_at");
            e.Property(x => x.Status).HasColumnName("status").HasMaxLength(20);
            e.Property(x => x.Organisers).HasColumnName("organisers");
            e.Property(x => x.Languages).HasColumnName("languages");
            e.Property(x => x.ScheduleVersion).HasColumnName("schedule_version");
            e.Property(x => x.UpdatedAt).HasColumnName("updated_at");
        });

        modelBuilder.Entity<Registrations.Registration>(e =>
        {
            e.ToTable("registrations");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.SessionId).HasColumnName("session_id");
            e.Property(x => x.Name).HasColumnName("name").HasMaxLength(RegistrationRules.MaxNameLength);
            e.Property(x => x.Email).HasColumnName("email").HasMaxLength(RegistrationRules.MaxEmailLength);
            e.Property(x => x.NormalisedEmail).HasColumnName("normalised_email").HasMaxLength(RegistrationRules.MaxEmailLength * 4);
            e.Property(x => x.Organisation).HasColumnName("organisation").HasMaxLength(RegistrationRules.MaxOrganisationLength);
            e.Property(x => x.Country).HasColumnName("country").HasMaxLength(RegistrationRules.MaxCountryLength);
            e.Property(x => x.Language).HasColumnName("language").HasMaxLength(8);
            e.Property(x => x.TimeZone).HasColumnName("time_zone").HasMaxLength(64);
            e.Property(x => x.Status).HasColumnName("status").HasMaxLength(20);
            e.Property(x => x.WaitlistOrder).HasColumnName("waitlist_order");
            e.Property(x => x.ManageTokenHash).HasColumnName("manage_token_hash").HasMaxLength(64);
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.ConfirmedAt).HasColumnName("confirmed_at");
            e.Property(x => x.CancelledAt).HasColumnName("cancelled_at");
            e.Property(x => x.CancelReason).HasColumnName("cancel_reason").HasMaxLength(40);
            e.HasIndex(x => new { x.SessionId, x.NormalisedEmail })
                .IsUnique()
                .HasFilter("status <> 'cancelled'")
                .HasDatabaseName(UniqueActiveEmailIndex);
            e.HasIndex(x => new { x.SessionId, x.Status, x.WaitlistOrder }).HasDatabaseName("ix_registrations_session_status_order");
        });

        modelBuilder.Entity<IdempotencyRecord>(e =>
        {
            e.ToTable("idempotency_records");
            e.HasKey(x => x.KeyHash);
            e.Property(x => x.KeyHash).HasColumnName("key_hash").HasMaxLength(64);
            e.Property(x => x.SessionId).HasColumnName("session_id");
            e.Property(x => x.StatusCode).HasColumnName("status_code");
            e.Property(x => x.RequestFingerprint).HasColumnName("request_fingerprint").HasMaxLength(64);
            e.Property(x => x.Answer).HasColumnName("answer");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.ExpiresAt).HasColumnName("expires_at");
            e.HasIndex(x => x.ExpiresAt).HasDatabaseName("ix_idempotency_expires");
        });

        modelBuilder.AddOutboxAndInbox();
    }
}

/// <summary>For <c>dotnet ef migrations</c> only: the model without a live database.</summary>
internal sealed class DesignTimeRegistrationDbContextFactory : IDesignTimeDbContextFactory<RegistrationDbContext>
{
    public RegistrationDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<RegistrationDbContext>().UseNpgsql("Host=localhost").Options);
}
