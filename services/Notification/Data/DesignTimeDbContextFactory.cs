using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Conference.Notification.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the service.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<NotificationDbContext>
{
    public NotificationDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<NotificationDbContext>().UseNpgsql("Host=localhost").Options);
}
