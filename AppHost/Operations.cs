using System.Text.Json;

namespace Conference.AppHost;

/// <summary>
/// Operations wiring (docs: operations.md). Every service gets the ops key (parameter <c>ops-key</c>,
/// generated unless set, e.g. <c>Parameters__ops-key</c>) as <c>Ops__Key</c>, which guards its
/// <c>/ops/...</c> endpoints (the gateway routes none of them), and, when the AppHost is given
/// <c>Telemetry:ExportDirectory</c> (the end-to-end tests), that directory for JSON-lines copies of
/// its telemetry; when given <c>Telemetry:TraceSampleRatio</c> (0 to 1; default 1, every journey),
/// that share of journeys is traced by every service. Dashboard commands call the ops endpoints with the key.
/// </summary>
internal sealed class Operations
{
    private readonly IResourceBuilder<ParameterResource> _key;
    private readonly string? _telemetryDirectory;
    private readonly string? _traceSampleRatio;

    private Operations(IResourceBuilder<ParameterResource> key, string? telemetryDirectory, string? traceSampleRatio)
    {
        _key = key;
        _telemetryDirectory = telemetryDirectory;
        _traceSampleRatio = traceSampleRatio;
    }

    public static Operations Add(IDistributedApplicationBuilder builder) => new(
        builder.AddParameter("ops-key", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true),
        builder.Configuration["Telemetry:ExportDirectory"],
        builder.Configuration["Telemetry:TraceSampleRatio"]);

    /// <summary>The ops key and the telemetry directory (when set) for <paramref name="resource"/>.</summary>
    public IResourceBuilder<ProjectResource> Apply(IResourceBuilder<ProjectResource> resource)
    {
        resource.WithEnvironment("Ops__Key", _key);
        if (!string.IsNullOrWhiteSpace(_telemetryDirectory))
        {
            resource.WithEnvironment("Telemetry__ExportDirectory", _telemetryDirectory);
        }
        if (!string.IsNullOrWhiteSpace(_traceSampleRatio))
        {
            resource.WithEnvironment("Telemetry__TraceSampleRatio", _traceSampleRatio);
        }
        return resource;
    }

    /// <summary>"Relay outbox now": publishes every waiting outbox row (<c>POST /ops/outbox/relay</c>).</summary>
    public IResourceBuilder<ProjectResource> RelayOutbox(IResourceBuilder<ProjectResource> resource) =>
        Command(resource, "relay-outbox", "Relay outbox now", "/ops/outbox/relay", "ArrowSync",
            "Publish every event waiting in this service's outbox now, instead of at the next poll or back-off.", confirm: null);

    /// <summary>"Re-send failed emails" on Notification (<c>POST /ops/messages/resend-failed</c>).</summary>
    public IResourceBuilder<ProjectResource> ResendFailedMessages(IResourceBuilder<ProjectResource> resource) =>
        Command(resource, "resend-failed-messages", "Re-send failed emails", "/ops/messages/resend-failed", "MailArrowUp",
            "Queue every email marked failed again, attempts reset. Fix the cause first (SMTP server, credentials).",
            confirm: "Send every failed email again now?");

    /// <summary>"Re-run stale translations" on Translation (<c>POST /ops/translations/rerun-stale</c>).</summary>
    public IResourceBuilder<ProjectResource> RerunStaleTranslations(IResourceBuilder<ProjectResource> resource) =>
        Command(resource, "rerun-stale-translations", "Re-run stale translations", "/ops/translations/rerun-stale", "Translate",
            "Run now every translation job that waits out a back-off, and redo machine translations made from an older text.", confirm: null);

    private IResourceBuilder<ProjectResource> Command(IResourceBuilder<ProjectResource> resource, string name, string displayName, string path,
        string icon, string description, string? confirm) =>
        resource.WithHttpCommand(path, displayName, endpointName: "http", commandName: name, commandOptions: new HttpCommandOptions
        {
            Method = HttpMethod.Post,
            Description = description,
            ConfirmationMessage = confirm,
            IconName = icon,
            PrepareRequest = async context =>
                context.Request.Headers.Add("X-Ops-Key", await _key.Resource.GetValueAsync(context.CancellationToken)),
            GetCommandResult = async context =>
            {
                var body = await context.Response.Content.ReadAsStringAsync(context.CancellationToken);
                if (!context.Response.IsSuccessStatusCode)
                {
                    return CommandResults.Failure($"{(int)context.Response.StatusCode}: {Detail(body)}");
                }
                var result = JsonSerializer.Deserialize<JsonElement>(body);
                return CommandResults.Success($"{displayName}: {result.GetProperty("count").GetInt32()} done");
            },
        });

    private static string Detail(string body)
    {
        try
        {
            var problem = JsonSerializer.Deserialize<JsonElement>(body);
            return problem.TryGetProperty("detail", out var d) ? d.GetString() ?? body : body;
        }
        catch (JsonException)
        {
            return body;
        }
    }
}
