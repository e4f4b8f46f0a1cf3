using Conference.Messaging;
using Conference.Messaging.Outbox;
using Conference.Translation.Data;
using Conference.Tests.Infrastructure;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Conference.Translation.Tests;

/// <summary>
/// Translation's consumers, worker and engine on a real PostgreSQL database (migrated) and the real
/// Apertium, with MassTransit's in-memory test harness as the bus, so a test drives the consumers
/// without sharing RabbitMQ queues with anything else. The outbox is not dispatched: tests read it.
/// </summary>
public sealed class TranslationHost : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();

    /// <summary>Base URL of the real Apertium APy.</summary>
    public static string ApertiumUrl => Environment.GetEnvironmentVariable("ConnectionStrings__apertium") is { Length: > 0 } url ? url : "http://127.0.0.1:2737";

    public IHost Host { get; private set; } = null!;

    /// <summary>Apertium base URL for this host (set before initializing); default <see cref="ApertiumUrl"/>.</summary>
    public string? Apertium { get; init; }

    public ITestHarness Harness => Host.Services.GetRequiredService<ITestHarness>();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:translationdb"] = _database.ConnectionString,
            ["ConnectionStrings:apertium"] = Apertium ?? ApertiumUrl,
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddServiceDatabase<TranslationDbContext>("translationdb");
        builder.AddTranslationCore();
        builder.Services.AddMassTransitTestHarness(x => TranslationModule.AddConsumers(x));
        Host = builder.Build();
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TranslationDbContext>().Database.MigrateAsync();
        }
        await Host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
        await _database.DisposeAsync();
    }

    /// <summary>Runs <paramref name="query"/> in a fresh database context.</summary>
    public async Task<T> QueryAsync<T>(Func<TranslationDbContext, Task<T>> query)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TranslationDbContext>());
    }

    /// <summary>The outbox events of type <typeparamref name="T"/> staged so far, deserialized.</summary>
    public Task<List<T>> OutboxAsync<T>() where T : class => QueryAsync(async db =>
    {
        var rows = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.MessageType == typeof(T).FullName).OrderBy(m => m.Sequence).ToListAsync();
        return rows.Select(r => System.Text.Json.JsonSerializer.Deserialize<T>(r.Payload, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!).ToList();
    });

    /// <summary>Polls <paramref name="condition"/> until it holds (the worker runs in the background); fails after <paramref name="seconds"/>.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await probe();
            if (condition(value))
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Condition not met within {seconds} s; last value: {value}");
            }
            await Task.Delay(200);
        }
    }
}
