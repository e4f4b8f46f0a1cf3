using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Conference.Integration.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the service.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<IntegrationDbContext>
{
    public IntegrationDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<IntegrationDbContext>().UseNpgsql("Host=localhost").Options);
}
