using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Conference.EndToEnd.Tests;

/// <summary>
/// The whole system started from the AppHost with Aspire.Hosting.Testing, once for the test
/// collection: servers from Debian's packages (the connection strings ./scripts/test exports) or
/// run by the AppHost itself, its own databases (a random prefix), the gateway on port 18080 so a
/// running ./scripts/up is not disturbed, and generated partner secrets.
/// </summary>
public sealed class ConferenceApp : IAsyncLifetime
{
    public const int GatewayPort = 18080;
    private DistributedApplication? _app;

    public Dictionary<string, string> Secrets { get; } = new[] { "oit", "adec", "famsi" }
        .ToDictionary(c => c, _ => Guid.NewGuid().ToString("N"));

    /// <summary>The public gateway, as partners and attendees meet it.</summary>
    public HttpClient Gateway { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>The mail sink's HTTP API (smtp4dev).</summary>
    public HttpClient MailSink { get; } = new()
    {
        BaseAddress = new Uri(Environment.GetEnvironmentVariable("CONFERENCE_MAIL_API") ?? "http://127.0.0.1:8025"),
    };

    public async Task InitializeAsync()
    {
        var args = new List<string>
        {
            "--Infrastructure:Mode=local",
            $"--Infrastructure:DatabasePrefix=e2e{Guid.NewGuid().ToString("N")[..8]}_",
            $"--Gateway:Port={GatewayPort}",
            $"--Gateway:PublicUrl=http://127.0.0.1:{GatewayPort}",
        };
        args.AddRange(Secrets.Select(s => $"--Parameters:{s.Key}-client-secret={s.Value}"));
        foreach (var name in new[] { "postgres", "messaging", "mail", "apertium" })
        {
            var value = Environment.GetEnvironmentVariable($"ConnectionStrings__{name}");
            if (!string.IsNullOrEmpty(value))
            {
                args.Add($"--ConnectionStrings:{name}={value}");
            }
        }

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>([.. args]);
        _app = await builder.BuildAsync();
        using var start = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await _app.StartAsync(start.Token);
        foreach (var resource in new[] { "catalog", "registration", "notification", "translation", "gateway" })
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource, start.Token);
        }
        // The testing builder may move ports; the gateway's real address is asked, not assumed.
        Gateway.BaseAddress = _app.GetEndpoint("gateway", "http");
    }

    public async Task DisposeAsync()
    {
        Gateway.Dispose();
        MailSink.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ConferenceCollection : ICollectionFixture<ConferenceApp>
{
    public const string Name = "conference";
}
