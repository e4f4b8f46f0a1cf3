using DotNet.Testcontainers.Builders;
using Npgsql;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;
using Xunit;

namespace Conference.Tests.Infrastructure;

/// <summary>
/// The real PostgreSQL and RabbitMQ every service test uses, started once per test process.
/// From the environment when given (<c>ConnectionStrings__postgres</c>: a server connection string
/// without database; <c>ConnectionStrings__messaging</c>: <c>amqp://user:pass@host:port</c>; this is
/// what <c>./scripts/test</c> exports after starting the Debian servers), else from Testcontainers
/// where a container runtime answers.
/// </summary>
public static class Servers
{
    private static readonly Lazy<Task<(string Postgres, string RabbitMq)>> Started = new(StartAsync);

    /// <summary>Server connection string (no database) and AMQP URI.</summary>
    public static Task<(string Postgres, string RabbitMq)> GetAsync() => Started.Value;

    private static async Task<(string, string)> StartAsync()
    {
        var pg = Environment.GetEnvironmentVariable("ConnectionStrings__postgres");
        var mq = Environment.GetEnvironmentVariable("ConnectionStrings__messaging");
        if (string.IsNullOrWhiteSpace(pg))
        {
            var container = Build(() => new PostgreSqlBuilder("postgres:17").Build(), "PostgreSQL");
            await container.StartAsync();
            var b = new NpgsqlConnectionStringBuilder(container.GetConnectionString()) { Database = null };
            pg = b.ConnectionString;
        }
        if (string.IsNullOrWhiteSpace(mq))
        {
            var container = Build(() => new RabbitMqBuilder("rabbitmq:3-management").Build(), "RabbitMQ");
            await container.StartAsync();
            mq = container.GetConnectionString();
        }
        return (pg, mq);
    }

    private static T Build<T>(Func<T> build, string what)
    {
        try
        {
            return build();
        }
        catch (DockerUnavailableException ex)
        {
            throw new InvalidOperationException(
                $"No {what} for tests: set ConnectionStrings__{(what == "PostgreSQL" ? "postgres" : "messaging")} " +
                "(./scripts/test starts the Debian servers and sets it) or start a container runtime.", ex);
        }
    }
}

/// <summary>
/// An isolated database for one test class (xunit class fixture): created empty on a real
/// PostgreSQL server, dropped afterwards. Use <see cref="ConnectionString"/> with the service's
/// DbContext and apply its migrations.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    private string _server = "";

    /// <summary>Connection string of this class's own database.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>AMQP URI of the shared RabbitMQ.</summary>
    public string RabbitMq { get; private set; } = "";

    /// <summary>Name of the database (t_ + 12 hex chars).</summary>
    public string Name { get; } = "t_" + Guid.NewGuid().ToString("N")[..12];

    public async Task InitializeAsync()
    {
        (_server, RabbitMq) = await Servers.GetAsync();
        await using var conn = new NpgsqlConnection(_server);
        await conn.OpenAsync();
        await using (var cmd = new NpgsqlCommand($"CREATE DATABASE \"{Name}\"", conn))
        {
            await cmd.ExecuteNonQueryAsync();
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(_server) { Database = Name, Pooling = true }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(_server);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
