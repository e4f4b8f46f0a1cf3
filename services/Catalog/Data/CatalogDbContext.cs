using System.Text.Json;
using Conference.Catalog.Programme;
using Conference.Catalog.Sessions;
using Conference.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Conference.Catalog.Data;

/// <summary>Catalog's own database (connection string <c>catalogdb</c>): programme, sessions, outbox and inbox.</summary>
public sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : DbContext(options)
{
    internal DbSet<Session> Sessions => Set<Session>();
    internal DbSet<ThematicLine> ThematicLines => Set<ThematicLine>();
    internal DbSet<SubTheme> SubThemes => Set<SubTheme>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Session>(e =>
        {
            e.ToTable("sessions");
            e.HasKey(s => s.Id);
            e.Property(s => s.Id).HasColumnName("id");
            e.Property(s => s.Code).HasColumnName("code").HasMaxLength(20);
            e.HasIndex(s => s.Code).IsUnique();
            e.Property(s => s.Format).HasColumnName("format").HasMaxLength(40);
            e.Property(s => s.Status).HasColumnName("status").HasMaxLength(20);
            e.Property(s => s.SourceLanguage).HasColumnName("source_language").HasMaxLength(8);
            e.Property(s => s.Languages).HasColumnName("languages");
            e.Property(s => s.Organisers).HasColumnName("organisers");
            e.Property(s => s.OrganiserPartners).HasColumnName("organiser_partners");
            e.Property(s => s.ThematicLineCode).HasColumnName("thematic_line_code").HasMaxLength(20);
            e.Property(s => s.SubThemeCode).HasColumnName("sub_theme_code").HasMaxLength(20);
            e.Property(s => s.StartsAt).HasColumnName("starts_at");
            e.Property(s => s.EndsAt).HasColumnName("ends_at");
            e.Property(s => s.ReferenceOffsets).HasColumnName("reference_offsets");
            e.Property(s => s.Platform).HasColumnName("platform").HasMaxLength(200);
            e.Property(s => s.Capacity).HasColumnName("capacity");
            e.Property(s => s.RegistrationRequired).HasColumnName("registration_required");
            Json(e.Property(s => s.Texts).HasColumnName("texts"));
            Json(e.Property(s => s.Translations).HasColumnName("translations"));
            Json(e.Property(s => s.Documents).HasColumnName("documents"));
            e.Property(s => s.JoinUrl).HasColumnName("join_url").HasMaxLength(2000);
            e.Property(s => s.ScheduleVersion).HasColumnName("schedule_version");
            e.Property(s => s.SearchText).HasColumnName("search_text");
            e.Property(s => s.CreatedAt).HasColumnName("created_at");
            e.Property(s => s.UpdatedAt).HasColumnName("updated_at");
            e.Property(s => s.Version).IsRowVersion();
            e.HasIndex(s => new { s.Status, s.StartsAt });
        });
        modelBuilder.Entity<ThematicLine>(e =>
        {
            e.ToTable("thematic_lines");
            e.HasKey(t => t.Code);
            e.Property(t => t.Code).HasColumnName("code").HasMaxLength(20);
            Json(e.Property(t => t.Title).HasColumnName("title"));
            Json(e.Property(t => t.TitleOrigins).HasColumnName("title_origins")).HasDefaultValueSql("'{}'::jsonb");
        });
        modelBuilder.Entity<SubTheme>(e =>
        {
            e.ToTable("sub_themes");
            e.HasKey(t => t.Code);
            e.Property(t => t.Code).HasColumnName("code").HasMaxLength(20);
            e.Property(t => t.ThematicLineCode).HasColumnName("thematic_line_code").HasMaxLength(20);
            Json(e.Property(t => t.Title).HasColumnName("title"));
            Json(e.Property(t => t.TitleOrigins).HasColumnName("title_origins")).HasDefaultValueSql("'{}'::jsonb");
        });
        modelBuilder.AddOutboxAndInbox();
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    // Texts and maps are stored as jsonb documents; the comparer makes EF see in-place edits.
    private static PropertyBuilder<T> Json<T>(PropertyBuilder<T> property) where T : class
    {
        return property.HasColumnType("jsonb").HasConversion(
            v => JsonSerializer.Serialize(v, JsonOptions),
            v => JsonSerializer.Deserialize<T>(v, JsonOptions)!,
            new ValueComparer<T>(
                (a, b) => JsonSerializer.Serialize(a, JsonOptions) == JsonSerializer.Serialize(b, JsonOptions),
                v => JsonSerializer.Serialize(v, JsonOptions).GetHashCode(StringComparison.Ordinal),
                v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, JsonOptions), JsonOptions)!));
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without the running service.</summary>
internal sealed class CatalogDbContextFactory : IDesignTimeDbContextFactory<CatalogDbContext>
{
    public CatalogDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CatalogDbContext>().UseNpgsql("Host=localhost").Options);
}
