using Yarp.ReverseProxy.Configuration;

namespace Conference.Gateway.Routing;

/// <summary>
/// The public API paths of the contract (docs: api-contract.md) and the service that answers each.
/// Paths are forwarded unchanged; destinations are Aspire service-discovery names
/// (<c>http://catalog</c>, ...). More specific routes carry a lower order and win.
/// Health endpoints of the services are never routed, so they stay private.
/// </summary>
public static class PublicRoutes
{
    private static readonly (string Id, string Cluster, string Path, string[]? Methods, int Order)[] Table =
    [
        ("registration-availability", "registration", "/api/v1/sessions/{id}/availability", null, 1),
        ("registration-capacity", "registration", "/api/v1/sessions/{id}/capacity", null, 1),
        ("registration-session-registrations", "registration", "/api/v1/sessions/{id}/registrations/{**rest}", null, 1),
        ("registration-registrations", "registration", "/api/v1/registrations/{**rest}", null, 1),
        ("notification-log", "notification", "/api/v1/sessions/{id}/notifications", null, 1),
        ("translation-languages", "translation", "/api/v1/sessions/{id}/languages", null, 1),
        ("translation-reviews", "translation", "/api/v1/sessions/{id}/translations/{**rest}", null, 1),
        ("translation-glossary", "translation", "/api/v1/glossary/{**rest}", null, 1),
        ("integration-webhooks", "integration", "/api/v1/webhooks/{**rest}", null, 1),
        ("integration-audit", "integration", "/api/v1/sessions/{id}/audit", null, 1),
        ("catalog-sessions", "catalog", "/api/v1/sessions/{**rest}", null, 10),
        ("catalog-programme", "catalog", "/api/v1/programme/{**rest}", null, 10),
    ];

    /// <summary>Service clusters: name → base address (resolved by service discovery).</summary>
    public static readonly string[] Services = ["catalog", "registration", "notification", "translation", "integration"];

    /// <summary>YARP routes for the table above.</summary>
    public static IReadOnlyList<RouteConfig> Routes() =>
        [.. Table.Select(r => new RouteConfig
        {
            RouteId = r.Id,
            ClusterId = r.Cluster,
            Order = r.Order,
            Match = new RouteMatch { Path = r.Path, Methods = r.Methods },
        })];

    /// <summary>One cluster per service, addressed as <c>http://{service}</c> (or <c>Services:{name}</c> when configured).</summary>
    public static IReadOnlyList<ClusterConfig> Clusters(IConfiguration configuration) =>
        [.. Services.Select(s => new ClusterConfig
        {
            ClusterId = s,
            Destinations = new Dictionary<string, DestinationConfig>
            {
                ["primary"] = new() { Address = configuration[$"Services:{s}"] ?? $"http://{s}" },
            },
        })];

    /// <summary>Registers YARP with these routes and service discovery for destinations.</summary>
    public static IHostApplicationBuilder AddPublicRoutes(this IHostApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy()
            .LoadFromMemory([.. Routes(), .. ApiDocuments.Routes()], Clusters(builder.Configuration))
            .AddServiceDiscoveryDestinationResolver();
        return builder;
    }
}
