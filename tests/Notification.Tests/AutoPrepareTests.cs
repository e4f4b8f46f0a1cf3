using Conference.Messaging;
using Conference.Notification.Data;
using Conference.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Conference.Notification.Tests;

/// <summary>
/// Messaging's <see cref="HostingExtensions.WithAutoPrepare"/> (the same in every service; tested on
/// Notification's): the services' connections keep their frequent statements prepared, as pgbench's
/// baseline does, unless the connection string chose otherwise.
/// </summary>
public sealed class AutoPrepareTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task The_services_database_connections_prepare_their_frequent_statements()
    {
        await using var host = await NotificationHost.StartAsync(database);
        await using var scope = host.Scope(out var db);

        var settings = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());

        Assert.Equal(HostingExtensions.AutoPreparedStatements, settings.MaxAutoPrepare);
        Assert.Equal(64, settings.MaxAutoPrepare);
        // And PostgreSQL sees them prepared: the same statement run more than 5 times on one connection.
        await db.Database.OpenConnectionAsync();
        for (var i = 0; i < 6; i++)
        {
            await db.OutgoingMessages.Where(m => m.Attempts > i).CountAsync();
        }
        var prepared = await db.Database.SqlQuery<long>($"SELECT count(*) AS \"Value\" FROM pg_prepared_statements").SingleAsync();
        Assert.True(prepared >= 1, $"{prepared} statements prepared on the connection");
    }

    [Theory]
    [InlineData("Host=db;Database=x", 64)]
    [InlineData("Host=db;Database=x;Max Auto Prepare=5", 5)]
    [InlineData("Host=db;Database=x;MaxAutoPrepare=0", 64)]
    public void A_connection_string_keeps_its_own_choice(string connectionString, int expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(HostingExtensions.WithAutoPrepare(connectionString)).MaxAutoPrepare);

    [Fact]
    public void No_connection_string_stays_none() => Assert.Null(HostingExtensions.WithAutoPrepare(null));
}
