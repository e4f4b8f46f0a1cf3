using System.Net.Http.Json;
using Conference.Contracts;
using Conference.Messaging.Outbox;
using Conference.Tests.Infrastructure;
using Conference.Translation.Data;
using Conference.Translation.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Translation.Tests;

/// <summary>
/// The whole service in process (WebApplicationFactory) on its own real PostgreSQL database, the real
/// RabbitMQ and the real Apertium, with the test authentication seam instead of gateway tokens.
/// </summary>
public sealed class TranslationApi : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();
    private WebApplicationFactory<Program> _factory = null!;

    public IServiceProvider Services => _factory.Services;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:translationdb", _database.ConnectionString);
            web.UseSetting("ConnectionStrings:messaging", _database.RabbitMq);
            web.UseSetting("ConnectionStrings:apertium", TranslationHost.ApertiumUrl);
            // Own queues: nothing else on the shared test broker competes for this host's messages.
            web.UseSetting("Messaging:QueuePrefix", "translation-" + _database.Name.Replace('_', '-'));
            web.ConfigureTestServices(services =>
            {
                services.AddAuthentication(TestAuthHandler.Name)
                    .AddScheme<AuthenticationSchemeOptions, TestAuthHandler>(TestAuthHandler.Name, _ => { });
                services.PostConfigure<AuthenticationOptions>(o =>
                {
                    o.DefaultScheme = TestAuthHandler.Name;
                    o.DefaultAuthenticateScheme = TestAuthHandler.Name;
                    o.DefaultChallengeScheme = TestAuthHandler.Name;
                    o.DefaultForbidScheme = TestAuthHandler.Name;
                });
            });
        });
        _ = _factory.Server;
        await Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _database.DisposeAsync();
    }

    /// <summary>A client; <paramref name="organiser"/> sets the partner's organiser code (none: anonymous).</summary>
    public HttpClient Client(string? organiser = null)
    {
        var client = _factory.CreateClient();
        if (organiser is not null)
        {
            client.DefaultRequestHeaders.Add("X-Test-Organiser", organiser);
        }
        return client;
    }

    /// <summary>Applies a session snapshot as the consumers do (without going through RabbitMQ).</summary>
    public async Task ApplyAsync(SessionSnapshot snapshot, DateTimeOffset? occurredAt = null)
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SessionIntake>().ApplyAsync(snapshot, occurredAt ?? DateTimeOffset.UtcNow, default);
    }

    public async Task<T> QueryAsync<T>(Func<TranslationDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TranslationDbContext>());
    }

    /// <summary>SessionTranslated events staged in the outbox for a session (dispatched or not).</summary>
    public Task<List<SessionTranslated>> TranslatedEventsAsync(Guid sessionId) => QueryAsync(async db =>
    {
        var rows = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.MessageType == typeof(SessionTranslated).FullName).OrderBy(m => m.Sequence).ToListAsync();
        return rows.Select(r => System.Text.Json.JsonSerializer.Deserialize<SessionTranslated>(r.Payload, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!)
            .Where(e => e.SessionId == sessionId).ToList();
    });

    /// <summary>Waits until the session's translation jobs are done.</summary>
    public Task WaitTranslatedAsync(Guid sessionId) => TranslationHost.EventuallyAsync(
        () => QueryAsync(db => db.Jobs.AsNoTracking().Where(j => j.SessionId == sessionId).ToListAsync()),
        jobs => jobs.Count > 0 && jobs.All(j => !j.Pending));
}
