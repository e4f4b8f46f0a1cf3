using Conference.Messaging.Observability;
using Conference.Messaging.Outbox;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Conference.Messaging;

/// <summary>
/// One call per service for its database (EF Core + Npgsql, with the outbox commit signal) and its
/// bus (MassTransit over RabbitMQ, connection string <c>messaging</c>, kebab-case endpoints, retries
/// with back-off, our outbox dispatcher).
/// </summary>
public static class HostingExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TContext"/> on the connection string <paramref name="connectionName"/>
    /// (Aspire's Npgsql EF Core integration: pooling, health check, retries, telemetry). With
    /// <c>Process:Nice</c> the PostgreSQL backends serving it run at that priority too
    /// (<see cref="DatabaseBackendPriority"/>). Every commit
    /// wakes the outbox dispatcher and each of <paramref name="alsoOnCommit"/> (workers waiting on rows
    /// of the same database, e.g. Notification's mail sender).
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string connectionName, params OutboxSignal[] alsoOnCommit)
        where TContext : DbContext
    {
        var signal = new OutboxSignal();
        builder.Services.AddSingleton(signal);
        var interceptor = new OutboxCommitInterceptor([signal, .. alsoOnCommit]);
        // A background service (Process:Nice) runs its PostgreSQL backends at its own priority too.
        var backends = ServiceDefaults.CpuPriority.Configured(builder.Configuration) is { } nice ? new DatabaseBackendPriority(nice) : null;
        builder.AddNpgsqlDbContext<TContext>(connectionName, configureSettings: s => s.ConnectionString = WithAutoPrepare(s.ConnectionString), configureDbContextOptions: o =>
        {
            o.AddInterceptors(interceptor, new TraceParentInterceptor());
            if (backends is not null)
            {
                o.AddInterceptors(backends);
            }
        });
        return builder;
    }

    /// <summary>Statements a pooled connection keeps prepared (Npgsql's <c>Max Auto Prepare</c>) unless the connection string says otherwise.</summary>
    public const int AutoPreparedStatements = 64;

    /// <summary>
    /// <paramref name="connectionString"/> with Npgsql's automatic preparation on
    /// (<see cref="AutoPreparedStatements"/>, a statement prepared after 5 uses): the seat statement,
    /// the outbox and inbox inserts run thousands of times a minute, and PostgreSQL then parses and
    /// plans each once per connection instead of on every run (bench/: pgbench's baseline runs
    /// prepared too). A non-zero value already in the connection string is kept. Null stays null.
    /// </summary>
    public static string? WithAutoPrepare(string? connectionString)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            return connectionString;
        }
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (settings.MaxAutoPrepare == 0)
        {
            settings.MaxAutoPrepare = AutoPreparedStatements;
        }
        return settings.ConnectionString;
    }

    /// <summary>
    /// Registers MassTransit on RabbitMQ with the given consumers, and the outbox dispatcher of
    /// <typeparamref name="TContext"/>. Retry: 8 attempts, exponential from 200 ms to 30 s; then the
    /// message goes to the endpoint's <c>_error</c> queue.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging<TContext>(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator>? consumers = null)
        where TContext : DbContext
    {
        var connection = builder.Configuration.GetConnectionString("messaging")
            ?? throw new InvalidOperationException("Connection string 'messaging' (RabbitMQ, amqp://...) is missing.");
        builder.Services.AddSingleton<MessagingMetrics>();
        builder.Services.AddHostedService<OutboxDispatcher<TContext>>();
        // The ops action uses a second, never-started dispatcher: batches lock their rows, so both may run.
        // (A factory, so tests that look the hosted dispatcher up by implementation type find one.)
        builder.Services.AddSingleton<IOutboxRelay>(sp => ActivatorUtilities.CreateInstance<OutboxDispatcher<TContext>>(sp));
        builder.Services.AddHostedService<OutboxMonitor<TContext>>();
        // Dispatched outbox rows and inbox records older than Messaging:RetentionDays are deleted hourly.
        builder.Services.AddSingleton<MessagingHousekeeping<TContext>>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MessagingHousekeeping<TContext>>());
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
        });
        // Readiness: the broker answers and the consumers are connected (see RabbitMqReadiness);
        // MassTransit's own check, which calls a lost broker "degraded", is kept as detail only.
        var broker = new Uri(connection);
        builder.Services.AddSingleton(sp => new RabbitMqReadiness(sp.GetRequiredService<IBusControl>(), broker, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddHealthChecks().AddCheck<RabbitMqReadiness>("rabbitmq", HealthStatus.Unhealthy, ["ready"]);
        builder.Services.AddMassTransit(x =>
        {
            // No usage reports to masstransit.io: the services talk to nothing outside the forum.
            x.DisableUsageTelemetry();
            x.ConfigureHealthCheckOptions(o =>
            {
                o.Tags.Clear();
                o.Tags.Add("detail");
            });
            // Queues are named per service (catalog-session-translated, ...): two services consuming one
            // event each get every message, instead of competing on one queue.
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(ServicePrefix(builder), includeNamespace: false));
            consumers?.Invoke(x);
            x.UsingRabbitMq((ctx, cfg) =>
            {
                cfg.Host(new Uri(connection));
                // At most 16 messages of an endpoint handled at once (each holds a database connection and
                // a transaction): on a few cores, 64 at once mostly waited on each other and on new
                // PostgreSQL connections; 32 prefetched keep the next ones at hand.
                cfg.PrefetchCount = 32;
                cfg.ConcurrentMessageLimit = builder.Configuration.GetValue("Messaging:ConcurrentMessageLimit", 16);
                cfg.UseMessageRetry(r => r.Exponential(8, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500)));
                cfg.ConfigureEndpoints(ctx);
            });
        });
        return builder;
    }

    /// <summary>
    /// <c>POST /ops/outbox/relay</c> on the ops group: publishes every waiting outbox row now.
    /// 200 <see cref="OpsResult"/> (<c>count</c>: rows published); 503 problem details when RabbitMQ refuses.
    /// </summary>
    public static RouteGroupBuilder MapOutboxRelay(this RouteGroupBuilder ops)
    {
        ops.MapPost("/outbox/relay", async Task<IResult> (IOutboxRelay relay, CancellationToken ct) =>
        {
            try
            {
                return TypedResults.Ok(new OpsResult("relay-outbox", await relay.RelayNowAsync(ct)));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The outbox could not be relayed", detail: ex.Message);
            }
        }).WithName("RelayOutbox").WithSummary("Ops: publish every waiting outbox row now");
        return ops;
    }

    private static string ServicePrefix(IHostApplicationBuilder builder) =>
        (builder.Configuration["Messaging:QueuePrefix"] ?? builder.Environment.ApplicationName.Split('.')[^1]).ToLowerInvariant();

    /// <summary>
    /// Applies <typeparamref name="TContext"/>'s EF Core migrations (creating the database if needed)
    /// before the service takes traffic; retries while PostgreSQL is still starting.
    /// </summary>
    public static async Task MigrateDatabaseAsync<TContext>(this WebApplication app) where TContext : DbContext
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Migrations");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = app.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TContext>();
                await db.Database.MigrateAsync();
                return;
            }
            catch (Exception ex) when (attempt < 30)
            {
                logger.LogWarning(ex, "Migrating {Context} failed (attempt {Attempt}); retrying", typeof(TContext).Name, attempt);
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }
    }
}
