using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.AppHost;

/// <summary>
/// The servers every service needs, as the AppHost wires them: one PostgreSQL database per service,
/// RabbitMQ (<c>messaging</c>), the mail sink (<c>mail</c>: <c>Endpoint=smtp://host:port</c>) and the
/// Apertium APy server (<c>apertium</c>: its base URL). <see cref="WaitTargets"/> are what a service
/// waits for before it starts.
/// </summary>
internal sealed class Infrastructure
{
    // Fixed local ports (api-contract.md: mail sink 1025 / 8025); the others are ours.
    private const int PostgresPort = 55432;
    private const int RabbitMqPort = 55672;
    private const int ApertiumPort = 2737;
    private const int SmtpPort = 1025;
    private const int MailWebPort = 8025;

    private readonly Func<string, IResourceBuilder<IResourceWithConnectionString>> _database;

    private Infrastructure(
        Func<string, IResourceBuilder<IResourceWithConnectionString>> database,
        IResourceBuilder<IResourceWithConnectionString> messaging,
        IResourceBuilder<IResourceWithConnectionString> mail,
        IResourceBuilder<IResourceWithConnectionString> apertium,
        Dictionary<string, IResourceBuilder<IResource>> waitTargets)
    {
        _database = database;
        Messaging = messaging;
        Mail = mail;
        Apertium = apertium;
        WaitTargets = waitTargets;
    }

    public IResourceBuilder<IResourceWithConnectionString> Messaging { get; }
    public IResourceBuilder<IResourceWithConnectionString> Mail { get; }
    public IResourceBuilder<IResourceWithConnectionString> Apertium { get; }

    /// <summary>Server name (postgres, messaging, mail, apertium) → resource to wait for.</summary>
    public IReadOnlyDictionary<string, IResourceBuilder<IResource>> WaitTargets { get; }

    /// <summary>The database of one service, e.g. <c>catalogdb</c> (database <c>catalog</c>).</summary>
    public IResourceBuilder<IResourceWithConnectionString> Database(string name) => _database(name);

    /// <summary>
    /// Linux nice value of the work behind the attendees' requests (<c>Process:BackgroundNice</c>,
    /// default 19, the lowest; 0 to turn it off): the background services and, in local mode, the
    /// servers only they use (the mail sink, Apertium) and the message broker, which carries only
    /// asynchronous events. Linux shares the CPU by thread, so with nice 10
    /// (a weight of 110 against the request path's 1024) the many threads of three services and their
    /// PostgreSQL backends still took a third of the cores in a burst; at 19 (weight 15) the burst is
    /// answered first and the events, already durable, are worked off after it (bench: hot session
    /// p99 340 → 242 ms, 2026-11-29-1511 → 1535).
    /// </summary>
    public static string BackgroundNice(IDistributedApplicationBuilder builder) =>
        builder.Configuration["Process:BackgroundNice"] ?? "19";

    public static Infrastructure Add(IDistributedApplicationBuilder builder, string mode) =>
        mode == InfrastructureMode.Containers ? AddContainers(builder) : AddLocal(builder);

    private static Infrastructure AddContainers(IDistributedApplicationBuilder builder)
    {
        var postgres = builder.AddPostgres("postgres").WithDataVolume("conference-postgres");
        var messaging = builder.AddRabbitMQ("messaging").WithManagementPlugin();
        var mailSink = builder.AddContainer("mailsink", "rnwood/smtp4dev", "3.15.0")
            .WithEndpoint(port: SmtpPort, targetPort: 25, name: "smtp", scheme: "tcp")
            .WithHttpEndpoint(port: MailWebPort, targetPort: 80, name: "http")
            .WithHttpHealthCheck("/api/messages?pageSize=1", endpointName: "http");
        var smtp = mailSink.GetEndpoint("smtp");
        var mail = builder.AddConnectionString("mail",
            ReferenceExpression.Create($"Endpoint=smtp://{smtp.Property(EndpointProperty.Host)}:{smtp.Property(EndpointProperty.Port)}"));
        var apertiumServer = builder.AddDockerfile("apertium-server", "../deploy/apertium")
            .WithHttpEndpoint(port: ApertiumPort, targetPort: 2737, name: "http")
            .WithHttpHealthCheck("/listPairs", endpointName: "http");
        var apertium = builder.AddConnectionString("apertium", ReferenceExpression.Create($"{apertiumServer.GetEndpoint("http")}"));

        var waits = new Dictionary<string, IResourceBuilder<IResource>>
        {
            ["postgres"] = (IResourceBuilder<IResource>)postgres,
            ["messaging"] = (IResourceBuilder<IResource>)messaging,
            ["mail"] = (IResourceBuilder<IResource>)mailSink,
            ["apertium"] = (IResourceBuilder<IResource>)apertiumServer,
        };
        return new Infrastructure(name => postgres.AddDatabase(name, name.Replace("db", "", StringComparison.Ordinal)), messaging, mail, apertium, waits);
    }

    private static Infrastructure AddLocal(IDistributedApplicationBuilder builder)
    {
        var root = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        var infra = Path.Combine(root, "scripts", "infra");
        var data = builder.Configuration["Infrastructure:DataDirectory"] ?? Path.Combine(root, ".data");
        var prefix = builder.Configuration["Infrastructure:DatabasePrefix"] ?? "";
        var waits = new Dictionary<string, IResourceBuilder<IResource>>();

        // PostgreSQL: a server connection string given (no database) is used as it is; else our own cluster.
        var pgServer = builder.Configuration.GetConnectionString("postgres");
        if (string.IsNullOrWhiteSpace(pgServer))
        {
            pgServer = $"Host=127.0.0.1;Port={PostgresPort};Username=postgres";
            waits["postgres"] = Server(builder, "postgres", Path.Combine(infra, "postgres.sh"), PostgresPort, "tcp",
                PostgresPort.ToString(System.Globalization.CultureInfo.InvariantCulture), Path.Combine(data, "postgres"));
        }

        var messagingCs = builder.Configuration.GetConnectionString("messaging");
        if (string.IsNullOrWhiteSpace(messagingCs))
        {
            messagingCs = $"amqp://guest:guest@127.0.0.1:{RabbitMqPort}";
            // The broker carries only asynchronous events: it runs at the background's nice value (rabbitmq.sh).
            waits["messaging"] = Server(builder, "rabbitmq", Path.Combine(infra, "rabbitmq.sh"), RabbitMqPort, "tcp",
                RabbitMqPort.ToString(System.Globalization.CultureInfo.InvariantCulture), Path.Combine(data, "rabbitmq"))
                .WithEnvironment("PROCESS_NICE", BackgroundNice(builder));
        }

        var mailCs = builder.Configuration.GetConnectionString("mail");
        if (string.IsNullOrWhiteSpace(mailCs))
        {
            mailCs = $"Endpoint=smtp://127.0.0.1:{SmtpPort}";
            waits["mail"] = builder.AddExecutable("mailsink", Path.Combine(infra, "mailsink.sh"), root,
                    SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), MailWebPort.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .WithHttpEndpoint(port: MailWebPort, name: "http", isProxied: false)
                .WithEndpoint(port: SmtpPort, name: "smtp", scheme: "tcp", isProxied: false)
                .WithHttpHealthCheck("/api/messages?pageSize=1", endpointName: "http")
                .WithEnvironment("PROCESS_NICE", BackgroundNice(builder))
                .WithIconName("Mail");
        }

        var apertiumCs = builder.Configuration.GetConnectionString("apertium");
        if (string.IsNullOrWhiteSpace(apertiumCs))
        {
            apertiumCs = $"http://127.0.0.1:{ApertiumPort}";
            waits["apertium"] = builder.AddExecutable("apertium-server", Path.Combine(infra, "apertium.sh"), root,
                    ApertiumPort.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .WithHttpEndpoint(port: ApertiumPort, name: "http", isProxied: false)
                .WithHttpHealthCheck("/listPairs", endpointName: "http")
                .WithEnvironment("PROCESS_NICE", BackgroundNice(builder))
                .WithIconName("Translate");
        }

        var messaging = builder.AddConnectionString("messaging", ReferenceExpression.Create($"{messagingCs}"));
        var mail = builder.AddConnectionString("mail", ReferenceExpression.Create($"{mailCs}"));
        var apertium = builder.AddConnectionString("apertium", ReferenceExpression.Create($"{apertiumCs}"));
        var server = pgServer;
        return new Infrastructure(
            name => builder.AddConnectionString(name,
                ReferenceExpression.Create($"{server};Database={prefix}{name.Replace("db", "", StringComparison.Ordinal)}")),
            messaging, mail, apertium, waits);
    }

    /// <summary>A Debian-package server run by its script in <c>scripts/infra</c>, healthy when its port accepts connections.</summary>
    private static IResourceBuilder<ExecutableResource> Server(IDistributedApplicationBuilder builder, string name, string script, int port, string scheme, params string[] args)
    {
        var check = $"{name}-port";
        builder.Services.AddHealthChecks().AddCheck(check, new TcpPortHealthCheck(port));
        return builder.AddExecutable(name, script, Path.GetDirectoryName(script)!, args)
            .WithEndpoint(port: port, name: scheme, scheme: scheme, isProxied: false)
            .WithHealthCheck(check)
            .WithIconName("Database");
    }
}
