using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Conference.Messaging.Outbox;
using Conference.Registration.Data;
using Conference.Registration.Seats;
using Conference.Registration.Sessions;
using Conference.Tests.Infrastructure;
using MassTransit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Conference.Registration.Tests;

/// <summary>
/// The Registration service in process, on its own fresh database (real PostgreSQL) and the real
/// RabbitMQ with queues of its own (endpoint prefix per instance). The outbox dispatcher is off, so
/// tests read the events a change staged straight from <c>outbox_messages</c>. Catalog is a stub
/// (<see cref="Catalog"/>); partners authenticate with the test header <c>X-Test-Organiser</c>.
/// </summary>
public sealed class RegistrationApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();

    /// <summary>What the stubbed Catalog answers to <c>GET /api/v1/sessions/{id}</c>.</summary>
    public FakeCatalog Catalog { get; } = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _ = Server; // start the host now: migrations run before the first test
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var connection = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { MaxPoolSize = 40 }.ConnectionString;
        builder.UseSetting("ConnectionStrings:registrationdb", connection);
        builder.UseSetting("ConnectionStrings:messaging", _database.RabbitMq);
        builder.UseSetting("Services:Catalog", "http://catalog.test");
        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            services.AddHttpClient<CatalogClient>().ConfigurePrimaryHttpMessageHandler(() => Catalog);
            services.AddSingleton<IEndpointNameFormatter>(new KebabCaseEndpointNameFormatter("test-" + _database.Name, false));
            var dispatcher = services.Single(d => d.ImplementationType == typeof(OutboxDispatcher<RegistrationDbContext>));
            services.Remove(dispatcher);
            services.AddAuthentication(TestOrganiserAuthentication.SchemeName)
                .AddScheme<AuthenticationSchemeOptions, TestOrganiserAuthentication>(TestOrganiserAuthentication.SchemeName, null);
            services.PostConfigure<AuthenticationOptions>(o =>
            {
                o.DefaultScheme = TestOrganiserAuthentication.SchemeName;
                o.DefaultAuthenticateScheme = TestOrganiserAuthentication.SchemeName;
                o.DefaultChallengeScheme = TestOrganiserAuthentication.SchemeName;
                o.DefaultForbidScheme = TestOrganiserAuthentication.SchemeName;
            });
        });
    }

    /// <summary>Runs <paramref name="work"/> with a fresh DbContext.</summary>
    internal async Task<T> WithDbAsync<T>(Func<RegistrationDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<RegistrationDbContext>());
    }

    /// <summary>Opens seats for a new session as the <c>SessionPublished</c> consumer does; returns its id.</summary>
    internal async Task<Guid> OpenSessionAsync(int capacity, DateTimeOffset? startsAt = null, string[]? languages = null, string[]? organisers = null)
    {
        var id = Guid.NewGuid();
        var starts = startsAt ?? DateTimeOffset.UtcNow.AddDays(30);
        await WithDbAsync(async db =>
        {
            await SeatLedger.UpsertAsync(db, id, capacity, starts, starts.AddMinutes(90), languages ?? ["en", "fr", "es"],
                organisers ?? ["OIT", "ADEC", "FAMSI"], 1, authoritative: false, DateTimeOffset.UtcNow, default);
            return 0;
        });
        return id;
    }

    internal Task<SessionSeats?> SeatsAsync(Guid sessionId) =>
        WithDbAsync(db => db.Seats.AsNoTracking().SingleOrDefaultAsync(s => s.SessionId == sessionId));

    /// <summary>Events staged in the outbox of type <paramref name="type"/> (short name) whose JSON mentions <paramref name="mention"/>.</summary>
    internal Task<List<JsonElement>> EventsAsync(string type, Guid mention) =>
        WithDbAsync(async db =>
        {
            var rows = await db.Set<OutboxMessage>().AsNoTracking()
                .Where(m => m.MessageType == "Conference.Contracts." + type)
                .OrderBy(m => m.Sequence)
                .Select(m => m.Payload)
                .ToListAsync();
            return rows.Where(p => p.Contains(mention.ToString(), StringComparison.OrdinalIgnoreCase))
                .Select(p => JsonDocument.Parse(p).RootElement.Clone())
                .ToList();
        });

    internal async Task<HttpResponseMessage> RegisterAsync(Guid sessionId, string email, string name = "Ana Pérez", string language = "fr",
        string timeZone = "America/Montevideo", string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sessions/{sessionId}/registrations")
        {
            Content = JsonContent.Create(new { name, email, organisation = "OIT", country = "UY", language, timeZone }),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return await CreateClient().SendAsync(request);
    }

    internal HttpClient Partner(string organiser)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(TestOrganiserAuthentication.Header, organiser);
        return client;
    }
}

/// <summary>Test seam: the header <c>X-Test-Organiser: OIT</c> authenticates a partner with claim <c>organiser=OIT</c>.</summary>
internal sealed class TestOrganiserAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Test";
    public const string Header = "X-Test-Organiser";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var organiser) || string.IsNullOrEmpty(organiser))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var identity = new ClaimsIdentity(TestPartner.Claims(organiser!), SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}

/// <summary>Catalog stub: published sessions by id; anything else is 404.</summary>
public sealed class FakeCatalog : HttpMessageHandler
{
    private readonly ConcurrentDictionary<Guid, object> _sessions = new();

    public void Publish(Guid id, DateTimeOffset startsAt, int capacity = 160, string[]? languages = null) =>
        _sessions[id] = new
        {
            id,
            status = "published",
            startsAt,
            endsAt = startsAt.AddMinutes(90),
            capacity,
            languages = languages ?? ["en", "fr", "es"],
            organisers = new[] { "OIT", "ADEC", "FAMSI" },
        };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var last = request.RequestUri!.Segments[^1].TrimEnd('/');
        var response = Guid.TryParse(last, out var id) && _sessions.TryGetValue(id, out var session)
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(session) }
            : new HttpResponseMessage(HttpStatusCode.NotFound);
        return Task.FromResult(response);
    }
}
