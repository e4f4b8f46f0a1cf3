using System.Net;
using Conference.Messaging;
using Conference.Notification.Data;
using Conference.ServiceDefaults;
using Conference.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Conference.Notification.Tests;

/// <summary>
/// Messaging's <see cref="DatabaseBackendPriority"/>: a background service's PostgreSQL backend runs
/// at the service's nice value, so its transactions yield the cores to the request path's.
/// </summary>
public sealed class DatabaseBackendPriorityTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task The_backend_serving_a_connection_runs_at_the_services_nice_value()
    {
        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false };
        Assert.True(connection.Host is "localhost" || (IPAddress.TryParse(connection.Host, out var ip) && IPAddress.IsLoopback(ip)),
            $"the test PostgreSQL runs on this machine (./scripts/test starts it); host is {connection.Host}");
        var options = new DbContextOptionsBuilder<NotificationDbContext>()
            .UseNpgsql(connection.ConnectionString)
            .AddInterceptors(new DatabaseBackendPriority(7))
            .Options;

        await using var db = new NotificationDbContext(options);
        await db.Database.OpenConnectionAsync();
        var backend = await db.Database.SqlQuery<int>($"SELECT pg_backend_pid() AS \"Value\"").SingleAsync();

        Assert.Equal(7, CpuPriority.NiceOf(backend));
        // Its autogroup is not lowered (see CpuPriority.TryLower: priority inversion on the server's locks).
        Assert.True(File.Exists($"/proc/{backend}/autogroup"), "this kernel keeps autogroups (Debian's does)");
        Assert.Equal(0, CpuPriority.AutogroupNiceOf(backend));
        // A connection without the interceptor keeps PostgreSQL's own priority.
        await using var plain = new NpgsqlConnection(connection.ConnectionString);
        await plain.OpenAsync();
        Assert.NotEqual(7, CpuPriority.NiceOf(plain.ProcessID));
        Assert.NotEqual(backend, plain.ProcessID);
    }
}
