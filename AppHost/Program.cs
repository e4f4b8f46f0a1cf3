using Conference.AppHost;

// The wiring diagram of Conference (docs: architecture.md). Infrastructure first — containers where
// a runtime answers, else the same servers from Debian packages — then the services, each waiting
// for what it needs. Ports: gateway 8080, dashboard 18888, mail sink 1025/8025 (api-contract.md).
var builder = DistributedApplication.CreateBuilder(args);

var mode = InfrastructureMode.Resolve(builder.Configuration);
var infra = Infrastructure.Add(builder, mode);

// Partner client secrets: Aspire parameters (user secrets, or Parameters__oit-client-secret).
var partners = new[] { "oit", "adec", "famsi" }
    .Select(client => (client, secret: builder.AddParameter($"{client}-client-secret", secret: true)))
    .ToArray();

// The public issuer of partner tokens: the gateway's public address.
var publicUrl = builder.Configuration["Gateway:PublicUrl"] ?? "http://127.0.0.1:8080";
var issuer = publicUrl.TrimEnd('/') + "/";

var gateway = builder.AddProject<Projects.Gateway>("gateway")
    .WithEndpoint("http", e =>
    {
        e.Port = int.Parse(builder.Configuration["Gateway:Port"] ?? "8080", System.Globalization.CultureInfo.InvariantCulture);
        e.IsProxied = false; // Kestrel takes the port itself: no DCP proxy in front of every attendee request
    })
    .WithEnvironment("Auth__Issuer", issuer)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");
var metadata = ReferenceExpression.Create($"{gateway.GetEndpoint("http")}/.well-known/openid-configuration");

// Ops (docs: operations.md): a generated key guards each service's /ops endpoints; dashboard commands call them.
var ops = Operations.Add(builder);

IResourceBuilder<ProjectResource> Service<TProject>(string name, params string[] needs) where TProject : IProjectMetadata, new()
{
    var service = builder.AddProject<TProject>(name)
        // Reached directly on a port Aspire allocates, not through a DCP proxy: the gateway's calls
        // (a registration is gateway → Registration) cost one loopback hop instead of two.
        .WithEndpoint("http", e =>
        {
            e.Port = null;
            e.IsProxied = false;
        })
        .WithReference(infra.Database($"{name}db"))
        .WithReference(infra.Messaging)
        .WithEnvironment("Auth__Issuer", issuer)
        .WithEnvironment("Auth__MetadataAddress", metadata)
        .WithEnvironment("Gateway__PublicUrl", publicUrl)
        .WithHttpHealthCheck("/health");
    ops.Apply(service);
    foreach (var need in needs.Append("postgres").Append("messaging"))
    {
        if (infra.WaitTargets.TryGetValue(need, out var target))
        {
            service.WaitFor(target);
        }
    }
    return service;
}

var catalog = Service<Projects.Catalog>("catalog");
var registration = Service<Projects.Registration>("registration").WithReference(catalog);
var notification = Service<Projects.Notification>("notification", "mail").WithReference(infra.Mail);
var translation = Service<Projects.Translation>("translation", "apertium").WithReference(infra.Apertium);
// Partner webhooks and the audit trail; in run mode (development) deliveries may go to http://127.0.0.1.
var integration = Service<Projects.Integration>("integration")
    .WithEnvironment("Webhooks__AllowLoopbackHttp", builder.ExecutionContext.IsRunMode ? "true" : "false");
ops.Apply(gateway);
ops.RelayOutbox(catalog);
ops.RelayOutbox(registration);
ops.ResendFailedMessages(ops.RelayOutbox(notification));
ops.RerunStaleTranslations(ops.RelayOutbox(translation));

// The services that work behind the attendees' requests, on events already durable in an outbox,
// yield the CPU to the request path (gateway, Registration, Catalog) in a burst: Linux nice 19
// (ServiceDefaults' CpuPriority; Process:BackgroundNice, 0 to turn it off), their PostgreSQL
// backends too (Messaging's DatabaseBackendPriority), and in local mode the mail sink and Apertium.
// With Linux autogroups the nice value counts only against the services' own threads, so the three
// also share one control group weighted as a single nice-19 task where the machine lets us create
// one (ServiceDefaults' CpuGroup; Process:BackgroundCpuGroup, empty to turn it off).
var backgroundNice = Infrastructure.BackgroundNice(builder);
var backgroundGroup = builder.Configuration["Process:BackgroundCpuGroup"] ?? "conference-background";
foreach (var background in new[] { notification, translation, integration })
{
    background.WithEnvironment("Process__Nice", backgroundNice);
    if (backgroundGroup.Length > 0)
    {
        background.WithEnvironment("Process__CpuGroup", backgroundGroup);
    }
}

gateway.WithReference(infra.Database("gatewaydb"));
if (infra.WaitTargets.TryGetValue("postgres", out var pg))
{
    gateway.WaitFor(pg);
}
foreach (var (client, secret) in partners)
{
    gateway.WithEnvironment($"Partners__{client}__Secret", secret);
}
// Public writes (registrations, cancellations, the pages' forms) per client address and minute: 600
// unless configured as Parameters:registration-rate-limit-per-minute (user secrets, appsettings, the
// environment, the command line). Aspire's AddParameter(name, value) would use the constant as is.
const string RateLimitParameter = "registration-rate-limit-per-minute";
gateway.WithEnvironment("Edge__RegistrationRateLimitPerMinute",
    builder.AddParameter(RateLimitParameter, builder.Configuration[$"Parameters:{RateLimitParameter}"] ?? "600"));
foreach (var service in new[] { catalog, registration, notification, translation, integration })
{
    gateway.WithReference(service).WaitFor(service);
}

builder.Build().Run();
