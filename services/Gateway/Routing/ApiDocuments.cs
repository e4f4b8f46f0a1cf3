using Conference.Gateway.Edge;
using Scalar.AspNetCore;
using Yarp.ReverseProxy.Configuration;

namespace Conference.Gateway.Routing;

/// <summary>
/// The services' OpenAPI documents, linked at <c>/api</c>: each service serves its own at
/// <c>/openapi/v1.json</c>; the gateway proxies <c>GET /api/openapi/{service}.json</c> to it
/// (YARP, service discovery) and offers a browsable reference of all four at
/// <see cref="SecurityHeaders.ApiReferencePath"/> (Scalar, its script served by the gateway, no CDN).
/// </summary>
public static class ApiDocuments
{
    /// <summary>Services whose documents are published, with a display title.</summary>
    public static readonly (string Service, string Title)[] Documents =
    [
        ("catalog", "Catalog: sessions and programme"),
        ("registration", "Registration: seats and registrations"),
        ("notification", "Notification: delivery log"),
        ("translation", "Translation: glossary, reviews, language demand"),
        ("integration", "Integration: webhooks and audit trail"),
    ];

    /// <summary>YARP routes <c>GET /api/openapi/{service}.json</c> → <c>{service}/openapi/v1.json</c>.</summary>
    public static IReadOnlyList<RouteConfig> Routes() =>
        [.. Documents.Select(d => new RouteConfig
        {
            RouteId = $"openapi-{d.Service}",
            ClusterId = d.Service,
            Order = 0,
            Match = new RouteMatch { Path = $"/api/openapi/{d.Service}.json", Methods = ["GET", "HEAD"] },
            Transforms = [new Dictionary<string, string> { ["PathSet"] = "/openapi/v1.json" }],
        })];

    /// <summary>The browsable reference; requests are tried against the gateway itself.</summary>
    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder app)
    {
        app.MapScalarApiReference(SecurityHeaders.ApiReferencePath, o =>
        {
            o.WithTitle("Conference API");
            // Nothing from other sites (the content security policy would refuse Scalar's web fonts anyway).
            o.DisableDefaultFonts();
            o.WithOpenApiRoutePattern("/api/openapi/{documentName}.json");
            o.AddServer("/", "This gateway");
            foreach (var (service, title) in Documents)
            {
                o.AddDocument(service, title, isDefault: service == "catalog");
            }
        });
        return app;
    }
}
