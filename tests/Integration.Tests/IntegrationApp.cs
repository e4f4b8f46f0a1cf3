using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Conference.Integration.Data;
using Conference.Tests.Infrastructure;
using MassTransit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Conference.Integration.Tests;

/// <summary>
/// Integration in process (WebApplicationFactory) on its own real PostgreSQL database and the real
/// RabbitMQ (its own temporary queues), with development's loopback http allowed, a short retry
/// back-off (200 ms doubling to 1 s), pausing after 5 failures in a row, one retry for an event of an
/// unknown session, and the test authentication
/// seam instead of gateway tokens. Events are fed through the real bus. A derived fixture may
/// override settings (<see cref="PatientIntegrationApp"/>).
/// </summary>
public class IntegrationApp : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();
    private readonly IReadOnlyDictionary<string, string> _settings;
    private WebApplicationFactory<Program> _factory = null!;

    public IntegrationApp() : this(new Dictionary<string, string>()) { }

    /// <summary>With <paramref name="settings"/> (configuration key → value) over the defaults above.</summary>
    protected IntegrationApp(IReadOnlyDictionary<string, string> settings) => _settings = settings;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public IServiceProvider Services => _factory.Services;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("ConnectionStrings:integrationdb", _database.ConnectionString);
            web.UseSetting("ConnectionStrings:messaging", _database.RabbitMq);
            web.UseSetting("Messaging:QueuePrefix", "integration-" + _database.Name.Replace('_', '-'));
            web.UseSetting("Messaging:TemporaryQueues", "true");
            web.UseSetting("Webhooks:AllowLoopbackHttp", "true");
            web.UseSetting("Webhooks:RetryBase", "00:00:00.2");
            web.UseSetting("Webhooks:RetryMax", "00:00:01");
            web.UseSetting("Webhooks:PauseAfterFailures", "5");
            web.UseSetting("Webhooks:Poll", "00:00:00.2");
            web.UseSetting("Webhooks:UnknownSessionRetries", "1");
            foreach (var (key, value) in _settings)
            {
                web.UseSetting(key, value);
            }
            web.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
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

    /// <summary>A client calling as the partner with organiser code <paramref name="organiser"/> (client id: the code lower-cased); null: anonymous.</summary>
    public HttpClient Client(string? organiser = "OIT")
    {
        var client = _factory.CreateClient();
        if (organiser is not null)
        {
            client.DefaultRequestHeaders.Add(TestAuthHandler.Header, organiser);
        }
        return client;
    }

    /// <summary>Publishes an event on the real bus, with its event id as message id (as the outbox does).</summary>
    public Task PublishAsync<T>(T message, Guid eventId) where T : class =>
        Services.GetRequiredService<IBus>().Publish(message, ctx => ctx.MessageId = eventId);

    /// <summary>Subscribes <paramref name="url"/> to <paramref name="events"/> as <paramref name="organiser"/>; returns (id, secret).</summary>
    public async Task<(Guid Id, string Secret)> SubscribeAsync(string organiser, string url, params string[] events)
    {
        var response = await Client(organiser).PostAsJsonAsync("/api/v1/webhooks", new { url, events });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetGuid(), body.GetProperty("secret").GetString()!);
    }

    public async Task<T> QueryAsync<T>(Func<IntegrationDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<IntegrationDbContext>());
    }

    /// <summary>The delivery log of a subscription as the API gives it.</summary>
    public async Task<List<JsonElement>> DeliveriesAsync(string organiser, Guid subscription)
    {
        var page = await Client(organiser).GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{subscription}/deliveries?pageSize=200");
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    /// <summary>Polls <paramref name="probe"/> until <paramref name="condition"/> holds; fails after <paramref name="seconds"/>.</summary>
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
            await Task.Delay(100);
        }
    }

    public static Task<T> EventuallyAsync<T>(Func<T> probe, Func<T, bool> condition, int seconds = 60) =>
        EventuallyAsync(() => Task.FromResult(probe()), condition, seconds);
}

/// <summary>
/// <see cref="IntegrationApp"/> waiting for a session's publication as production does
/// (<c>Webhooks:UnknownSessionRetries</c> 6: about 30 s of the bus's back-off), so a test can hold an
/// event back and then send the publication it waits for.
/// </summary>
public sealed class PatientIntegrationApp() : IntegrationApp(new Dictionary<string, string> { ["Webhooks:UnknownSessionRetries"] = "6" });

/// <summary>
/// Test seam: header <c>X-Test-Organiser: OIT</c> authenticates a partner whose claim <c>organiser</c>
/// is OIT, client id (<c>sub</c>) oit, holding every partner scope (or those of <c>X-Test-Scopes</c>, space-separated).
/// </summary>
public sealed class TestAuthHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Name = "Test";
    public const string Header = "X-Test-Organiser";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var organiser) || string.IsNullOrEmpty(organiser))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var claims = new List<Claim> { new("organiser", organiser.ToString()), new("sub", organiser.ToString().ToLowerInvariant()) };
        var scopes = Request.Headers.TryGetValue("X-Test-Scopes", out var given) ? given.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries) : ["sessions", "registrations", "translations"];
        claims.AddRange(scopes.Select(s => new Claim("oi_scp", s)));
        var identity = new ClaimsIdentity(claims, Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Name)));
    }
}
