using System.Net;
using Conference.Gateway.Routing;
using Conference.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Gateway.Tests;

/// <summary>
/// The gateway in process (its own database on the real PostgreSQL), in front of
/// <see cref="FakeServices"/> for every service. <paramref name="clientAddress"/> stands in for the
/// TCP peer (the test server has none).
/// </summary>
public sealed class GatewayHost(string database, FakeServices services, IDictionary<string, string?>? settings = null, string? clientAddress = null)
    : WebApplicationFactory<Program>
{
    /// <summary>A gateway on a class's own database.</summary>
    public GatewayHost(PostgresDatabase database, FakeServices services, IDictionary<string, string?>? settings = null, string? clientAddress = null)
        : this(database.ConnectionString, services, settings, clientAddress)
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:gatewaydb", database);
        builder.UseSetting("Partners:oit:Secret", "oit-secret-for-tests");
        builder.UseSetting("Auth:Issuer", "http://gateway.test/");
        foreach (var service in PublicRoutes.Services)
        {
            builder.UseSetting($"Services:{service}", services.Address);
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new PeerAddress(IPAddress.Parse(clientAddress ?? "192.0.2.10"))));
    }

    private sealed class PeerAddress(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                http.Connection.RemoteIpAddress = address;
                return nextMiddleware(http);
            });
            next(app);
        };
    }
}

/// <summary>
/// One database, one set of fake services and one gateway with default settings for a test class
/// (starting a gateway costs seconds); tests of other settings start their own with <see cref="With"/>.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();

    public FakeServices Services { get; } = new();

    public GatewayHost Gateway { get; private set; } = default!;

    /// <summary>Another gateway on the same database and services, with these settings.</summary>
    public GatewayHost With(IDictionary<string, string?> settings, string? clientAddress = null) =>
        new(_database.ConnectionString, Services, settings, clientAddress);

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await Services.InitializeAsync();
        Gateway = new GatewayHost(_database.ConnectionString, Services);
        _ = Gateway.Server; // start now, not inside the first test
    }

    public async Task DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }
        await Services.DisposeAsync();
        await _database.DisposeAsync();
    }
}
