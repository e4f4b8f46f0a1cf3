using Conference.Gateway.Routing;

namespace Conference.Gateway.Tests;

/// <summary>The partner integration paths (issue 10) are routed to Integration ahead of Catalog's catch-all.</summary>
public sealed class IntegrationRouteTableTests
{
    [Theory]
    [InlineData("integration-webhooks", "/api/v1/webhooks/{**rest}")]
    [InlineData("integration-audit", "/api/v1/sessions/{id}/audit")]
    public void Webhook_and_audit_paths_go_to_the_integration_cluster_before_catalog(string routeId, string path)
    {
        var routes = PublicRoutes.Routes();
        var route = Assert.Single(routes, r => r.RouteId == routeId);
        var catalog = Assert.Single(routes, r => r.RouteId == "catalog-sessions");

        Assert.Equal(("integration", path), (route.ClusterId, route.Match.Path));
        Assert.Null(route.Match.Methods);
        Assert.True(route.Order < catalog.Order);
        Assert.Contains("integration", PublicRoutes.Services);
        Assert.Contains(ApiDocuments.Documents, d => d.Service == "integration");
    }
}
