using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Conference.EndToEnd.Tests;

/// <summary>
/// The whole system started from the AppHost with Aspire.Hosting.Testing, once for the test
/// collection: servers from Debian's packages (the connection strings ./scripts/test exports) or
/// run by the AppHost itself, its own databases (a random prefix), the gateway on port 18080 so a
/// running ./scripts/up is not disturbed, and generated partner secrets. Every service also writes its
/// spans, logs and metrics to JSON-lines files in <see cref="Telemetry"/>'s directory, and the
/// services' console output is kept in <see cref="ConsoleLines"/>, for the operations tests.
/// </summary>
public sealed class ConferenceApp : IAsyncLifetime
{
    public const int GatewayPort = 18080;
    private DistributedApplication? _app;
    private readonly CancellationTokenSource _watching = new();
    private RabbitMqVirtualHost? _virtualHost;

    public Dictionary<string, string> Secrets { get; } = new[] { "oit", "adec", "famsi" }
        .ToDictionary(c => c, _ => Guid.NewGuid().ToString("N"));

    /// <summary>The public gateway, as partners and attendees meet it.</summary>
    public HttpClient Gateway { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>The ops key (AppHost parameter <c>ops-key</c>) the services expect in <c>X-Ops-Key</c>.</summary>
    public string OpsKey { get; } = Guid.NewGuid().ToString("N");

    /// <summary>What the services wrote to their telemetry files during this run.</summary>
    /// (In a temporary folder, deleted afterwards; set <c>CONFERENCE_E2E_TELEMETRY</c> to a folder to keep them.)
    public CapturedTelemetry Telemetry { get; } = new(Environment.GetEnvironmentVariable("CONFERENCE_E2E_TELEMETRY") is { Length: > 0 } kept
        ? Path.Combine(kept, DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss", System.Globalization.CultureInfo.InvariantCulture))
        : Path.Combine(Path.GetTempPath(), $"conference-e2e-telemetry-{Guid.NewGuid():N}"));

    /// <summary>Console output of every service (project resource) during this run: (resource, line).</summary>
    public ConcurrentQueue<(string Resource, string Line)> ConsoleLines { get; } = new();

    /// <summary>A partner access token from the gateway's <c>POST /connect/token</c> (all scopes unless some are named).</summary>
    public async Task<string> TokenAsync(string client = "oit", string? scope = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = client,
            ["client_secret"] = Secrets[client],
        };
        if (scope is not null)
        {
            form["scope"] = scope;
        }
        using var response = await Gateway.PostAsync("/connect/token", new FormUrlEncodedContent(form));
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"token: {(int)response.StatusCode} {body}");
        return body.GetProperty("access_token").GetString()!;
    }

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
            $"--Telemetry:ExportDirectory={Telemetry.Directory}",
            $"--Parameters:ops-key={OpsKey}",
        };
        args.AddRange(Secrets.Select(s => $"--Parameters:{s.Key}-client-secret={s.Value}"));
        foreach (var name in new[] { "postgres", "messaging", "mail", "apertium" })
        {
            var value = Environment.GetEnvironmentVariable($"ConnectionStrings__{name}");
            if (name == "messaging" && !string.IsNullOrEmpty(value))
            {
                // Queues are named per service, not per run: a shared broker gets a virtual host per run.
                _virtualHost = await RabbitMqVirtualHost.CreateAsync(value, $"e2e-{Guid.NewGuid().ToString("N")[..12]}");
                value = _virtualHost?.ConnectionString ?? value;
            }
            if (!string.IsNullOrEmpty(value))
            {
                args.Add($"--ConnectionStrings:{name}={value}");
            }
        }

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>([.. args]);
        _app = await builder.BuildAsync();
        using var start = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await _app.StartAsync(start.Token);
        var logs = _app.Services.GetRequiredService<ResourceLoggerService>();
        // The services' own output (the mail sink's would list recipients, as a mail sink must).
        foreach (var resource in builder.Resources.OfType<ProjectResource>().Select(r => r.Name))
        {
            _ = KeepConsoleAsync(logs, resource, _watching.Token);
        }
        foreach (var resource in new[] { "catalog", "registration", "notification", "translation", "gateway" })
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource, start.Token);
        }
        // The testing builder may move ports; the gateway's real address is asked, not assumed.
        Gateway.BaseAddress = _app.GetEndpoint("gateway", "http");
    }

    /// <summary>A service's own HTTP address (not public: the gateway routes only the public API).</summary>
    public Uri ServiceEndpoint(string resource) => (_app ?? throw new InvalidOperationException("Not started")).GetEndpoint(resource, "http");

    /// <summary>Runs a dashboard command of a resource, as the dashboard's button does.</summary>
    public Task<ExecuteCommandResult> ExecuteCommandAsync(string resource, string command, CancellationToken ct) =>
        (_app ?? throw new InvalidOperationException("Not started")).Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(resource, command, ct);

    private async Task KeepConsoleAsync(ResourceLoggerService logs, string resource, CancellationToken ct)
    {
        try
        {
            await foreach (var batch in logs.WatchAsync(resource).WithCancellation(ct))
            {
                foreach (var line in batch)
                {
                    ConsoleLines.Enqueue((resource, line.Content));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async Task DisposeAsync()
    {
        await _watching.CancelAsync();
        Gateway.Dispose();
        MailSink.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        _watching.Dispose();
        if (_virtualHost is not null)
        {
            await _virtualHost.DeleteAsync();
        }
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CONFERENCE_E2E_TELEMETRY")))
        {
            Telemetry.Delete();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ConferenceCollection : ICollectionFixture<ConferenceApp>
{
    public const string Name = "conference";
}
