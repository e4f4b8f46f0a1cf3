using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Conference.Translation.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the service.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<TranslationDbContext>
{
    public TranslationDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<TranslationDbContext>().UseNpgsql("Host=localhost").Options);
}
