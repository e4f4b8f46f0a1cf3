extern alias catalog;

using System.Diagnostics;
using Conference.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Conference.EndToEnd.Tests;

/// <summary>
/// Issue 8: stopping RabbitMQ turns a service's readiness (<c>/health</c>, what the dashboard polls)
/// unhealthy within 30 seconds, and healthy within 30 seconds of its return. The drill uses a RabbitMQ
/// of its own and one service (Catalog, in process, on a database of its own), so the shared test
/// broker and the running AppHost are never disturbed. In the conference collection only so that it
/// does not run alongside the other end-to-end tests on two cores.
/// </summary>
[Collection(ConferenceCollection.Name)]
public sealed class BrokerOutageTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly PostgresDatabase _database = new();
    private readonly OwnRabbitMq _rabbit = new();
    private WebApplicationFactory<catalog::Program>? _catalog;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _rabbit.StartAsync();
        _catalog = new WebApplicationFactory<catalog::Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:catalogdb", _database.ConnectionString);
            web.UseSetting("ConnectionStrings:messaging", _rabbit.ConnectionString);
            // The drill's expected connection failures would fill the test output.
            web.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddFilter("MassTransit", LogLevel.None));
        });
    }

    [Fact]
    public async Task Readiness_follows_RabbitMQ_down_and_back_within_30_seconds()
    {
        using var client = _catalog!.CreateClient();
        await Journeys.EventuallyAsync(TimeSpan.FromSeconds(60), async () => await StatusAsync(client) == HttpStatusCode.OK ? true : null);

        await _rabbit.StopAsync();
        var down = Stopwatch.StartNew();
        await Journeys.EventuallyAsync(Bound, async () => await StatusAsync(client) == HttpStatusCode.ServiceUnavailable ? true : null);
        Assert.InRange(down.Elapsed, TimeSpan.Zero, Bound);

        await _rabbit.StartAsync(); // returns when the broker answers again
        var back = Stopwatch.StartNew();
        await Journeys.EventuallyAsync(Bound, async () => await StatusAsync(client) == HttpStatusCode.OK ? true : null);
        Assert.InRange(back.Elapsed, TimeSpan.Zero, Bound);
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health");
        return response.StatusCode;
    }

    public async Task DisposeAsync()
    {
        if (_catalog is not null)
        {
            await _catalog.DisposeAsync();
        }
        await _rabbit.DisposeAsync();
        await _database.DisposeAsync();
    }
}
