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
    private static readonly Lazy<Task<string>> Postgres = new(StartPostgresAsync);
    private static readonly Lazy<Task<string>> RabbitMq = new(StartRabbitMqAsync);

    /// <summary>Server connection string (no database).</summary>
    public static Task<string> GetPostgresAsync() => Postgres.Value;

    /// <summary>AMQP URI.</summary>
    public static Task<string> GetRabbitMqAsync() => RabbitMq.Value;

    private static async Task<string> StartPostgresAsync()
    {
        var pg = Environment.GetEnvironmentVariable("ConnectionStrings__postgres");
        if (!string.IsNullOrWhiteSpace(pg))
        {
            return pg;
        }
        var container = Build(() => new PostgreSqlBuilder("postgres:17").Build(), "PostgreSQL", "postgres");
        await container.StartAsync();
        return new NpgsqlConnectionStringBuilder(container.GetConnectionString()) { Database = null }.ConnectionString;
    }

    private static async Task<string> StartRabbitMqAsync()
    {
        var mq = Environment.GetEnvironmentVariable("ConnectionStrings__messaging");
        if (!string.IsNullOrWhiteSpace(mq))
        {
            return mq;
        }
        var container = Build(() => new RabbitMqBuilder("rabbitmq:3-management").Build(), "RabbitMQ", "messaging");
        await container.StartAsync();
        return container.GetConnectionString();
    }

    private static T Build<T>(Func<T> build, string what, string variable)
    {
        try
        {
            return build();
        }
        catch (DockerUnavailableException ex)
        {
            throw new InvalidOperationException(
                $"No {what} for tests: set ConnectionStrings__{variable} (./scripts/test starts the Debian servers and sets it) or start a container runtime.", ex);
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

    /// <summary>AMQP URI of the shared RabbitMQ (started on first use when not given).</summary>
    public string RabbitMq => Servers.GetRabbitMqAsync().GetAwaiter().GetResult();

    /// <summary>Name of the database (t_ + 12 hex chars).</summary>
    public string Name { get; } = "t_" + Guid.NewGuid().ToString("N")[..12];

    public async Task InitializeAsync()
    {
        _server = await Servers.GetPostgresAsync();
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
