using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Conference.Catalog.Data;
using Conference.Messaging.Outbox;
using Conference.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Conference.Catalog.Tests.Api;

/// <summary>
/// Catalog in process on its own fresh database (real PostgreSQL) and the real RabbitMQ, with its
/// own temporary queues. The outbox dispatcher is left out so test events stay in the outbox to be
/// inspected (and do not reach other services on the shared broker). Partner authentication is
/// replaced by a header <c>X-Test-Organiser: OIT</c> (test seam only).
/// </summary>
public sealed class CatalogApp : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();
    private WebApplicationFactory<Program>? _factory;

    public WebApplicationFactory<Program> Factory => _factory!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("ConnectionStrings:catalogdb", _database.ConnectionString);
            web.UseSetting("ConnectionStrings:messaging", _database.RabbitMq);
            web.UseSetting("Messaging:QueueSuffix", _database.Name);
            web.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
            web.ConfigureTestServices(services =>
            {
                var dispatcher = services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(OutboxDispatcher<CatalogDbContext>));
                services.Remove(dispatcher);
                services.AddAuthentication(o =>
                {
                    o.DefaultScheme = TestAuthentication.SchemeName;
                    o.DefaultAuthenticateScheme = TestAuthentication.SchemeName;
                    o.DefaultChallengeScheme = TestAuthentication.SchemeName;
                    o.DefaultForbidScheme = TestAuthentication.SchemeName;
                }).AddScheme<AuthenticationSchemeOptions, TestAuthentication>(TestAuthentication.SchemeName, null);
            });
        });
        _ = _factory.Server; // start now: migrations run before the first test
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        await _database.DisposeAsync();
    }

    /// <summary>A client calling as the partner with that organiser code (null: anonymous).</summary>
    public HttpClient Client(string? organiser = "OIT")
    {
        var client = Factory.CreateClient();
        if (organiser is not null)
        {
            client.DefaultRequestHeaders.Add(TestAuthentication.Header, organiser);
        }
        return client;
    }

    public static StringContent Card(string text, string mediaType = "text/plain") => new(text, Encoding.UTF8, mediaType);

    public static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    /// <summary>Outbox rows of an event type (name, e.g. "SessionPublished") whose payload mentions <paramref name="sessionId"/>.</summary>
    public async Task<List<JsonElement>> OutboxAsync(string eventType, Guid sessionId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var rows = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.MessageType == "Conference.Contracts." + eventType).OrderBy(m => m.Sequence).ToListAsync();
        return rows.Select(r => JsonDocument.Parse(r.Payload).RootElement)
            .Where(p => p.GetRawText().Contains(sessionId.ToString(), StringComparison.Ordinal))
            .ToList();
    }

    /// <summary>Whether Catalog's inbox recorded the message (it was consumed, whatever the outcome).</summary>
    public bool InboxHas(Guid messageId)
    {
        using var scope = Factory.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Set<Conference.Messaging.Inbox.InboxMessage>().Any(m => m.MessageId == messageId);
    }

    public async Task<int> SessionCountAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Sessions.CountAsync();
    }
}

/// <summary>Test seam: header <c>X-Test-Organiser</c> → an authenticated partner with that organiser claim.</summary>
internal sealed class TestAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Test";
    public const string Header = "X-Test-Organiser";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var organiser) || string.IsNullOrWhiteSpace(organiser))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var identity = new ClaimsIdentity(TestPartner.Claims(organiser.ToString()), SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}

internal static class HttpExtensions
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement;
    }

    public static MediaTypeHeaderValue? MediaType(this HttpResponseMessage response) => response.Content.Headers.ContentType;
}
