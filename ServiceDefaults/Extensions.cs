using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Conference.ServiceDefaults.Http;
using Conference.ServiceDefaults.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Plumbing every Conference service shares: OpenTelemetry (ASP.NET Core, HTTP, EF Core,
/// MassTransit and the <c>Conference.*</c> sources), health checks, service discovery and
/// resilient HTTP clients. Follows the Aspire service-defaults template.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>
    /// Adds telemetry, health checks, service discovery, resilience and problem details, and the input
    /// rules every service shares: JSON bodies checked first (<see cref="Conference.ServiceDefaults.Input.JsonBodyGuard"/>),
    /// numbers only as JSON numbers (never text in quotes), binding failures as 400 problems naming the field
    /// (<see cref="Conference.ServiceDefaults.Input.BadRequestProblems"/>); and <c>HEAD</c> wherever <c>GET</c>
    /// (<see cref="Conference.ServiceDefaults.Http.HeadAsGet"/>); OpenAPI documents whose server is the gateway
    /// (<see cref="Conference.ServiceDefaults.Http.GatewayOpenApiServer"/>).
    /// </summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // First, before the host starts its threads: they inherit a lowered priority (Process:Nice).
        Conference.ServiceDefaults.CpuPriority.Apply(builder.Configuration);
        if (Conference.ServiceDefaults.CpuPriority.Configured(builder.Configuration) is { } nice)
        {
            // And, where Process:CpuGroup names one, in a control group weighted as one nice task (CpuGroup).
            Conference.ServiceDefaults.CpuGroup.Apply(builder.Configuration, nice);
        }
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        builder.Services.AddProblemDetails();
        // Client input never becomes a 500: JSON bodies are checked before any endpoint reads them,
        // and binding failures answer problem details naming the field (Input/).
        builder.Services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, Conference.ServiceDefaults.Input.JsonBodyGuardStartup>();
        // HEAD wherever GET (RFC 9110 §9.3.2): answered as the GET, without the body (Http/HeadAsGet).
        builder.Services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, Conference.ServiceDefaults.Http.HeadAsGetStartup>();
        // OpenAPI documents name the gateway partners call (relative "/"), not the service's internal address.
        builder.Services.AddGatewayOpenApiServer();
        builder.Services.AddExceptionHandler<Conference.ServiceDefaults.Input.BadRequestProblems>();
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // Numbers are JSON numbers (api-contract.md): {"capacity":"30"} is a 400 naming the field, not 30.
        // The web defaults (JsonSerializerDefaults.Web) would read numbers from strings; every
        // service's bound and ReadFromJsonAsync request bodies use these options.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict);
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>
    /// Traces, metrics and logs to the OTLP endpoint Aspire gives (the dashboard), and also to JSON-lines
    /// files when <c>Telemetry:ExportDirectory</c> is set (the end-to-end tests read them). Root client
    /// spans (polls, probes) are not recorded (<see cref="UnparentedClientSampler"/>); query values in
    /// URL tags are redacted (<see cref="UrlQueryRedaction"/>); request and SQL logs stay at warning level, so a
    /// manage link's token or a statement's text never reaches the logs (docs: operations.md).
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        // "Request starting GET /registrations/{id}?token=...", HttpClient's and YARP's request lines carry
        // full URLs; EF Core's command lines carry SQL. Traces hold the same facts, with the query redacted.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddFilter("Yarp.ReverseProxy.Forwarder", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Warning);

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit")
                .AddMeter("Conference.*"))
            .WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new UnparentedClientSampler(UnparentedClientSampler.ConfiguredRatio(builder.Configuration))))
                .AddProcessor(new UrlQueryRedaction())
                .AddSource(builder.Environment.ApplicationName)
                .AddSource("MassTransit")
                .AddSource("Conference.*")
                .AddAspNetCoreInstrumentation(o =>
                    o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/health") && !ctx.Request.Path.StartsWithSegments("/alive"))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }
        builder.AddTelemetryFiles();

        return builder;
    }

    /// <summary>Longest a single health check may take; past it, it counts as failed ("timed out").</summary>
    public static readonly TimeSpan HealthCheckTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// A liveness check tagged <c>live</c>; services add readiness checks for what they need. Every check
    /// (Aspire's database check included) is cut off after <see cref="HealthCheckTimeout"/>, so
    /// <c>/health</c> always answers within a few seconds: a dependency that does not answer in time is
    /// reported unhealthy instead of leaving the probe without an answer (the database check otherwise
    /// waits out EF Core's retries, which the PostgreSQL drill saw as 60 s of silence).
    /// </summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        builder.Services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations)
            {
                if (registration.Timeout <= TimeSpan.Zero || registration.Timeout > HealthCheckTimeout)
                {
                    registration.Timeout = HealthCheckTimeout;
                }
            }
        });
        return builder;
    }

    /// <summary>
    /// <c>/health</c> (every check: ready to take traffic) and <c>/alive</c> (liveness only).
    /// <c>/health</c> answers 200 only when every check is healthy, 503 when one is degraded or
    /// unhealthy (MassTransit reports a lost broker as degraded), so the dashboard shows the resource
    /// unhealthy while a dependency is down. The gateway does not route the services' own, so those are not public; the gateway's own answer one word (Healthy, Degraded, Unhealthy) for load balancers, details only in /ops/health, which it does not map.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            // Checks tagged "detail" explain a state another check already sums up; /ops/health lists them.
            Predicate = r => !r.Tags.Contains("detail"),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = r => r.Tags.Contains("live") });
        return app;
    }
}
