using Conference.Gateway.Data;
using Conference.Gateway.Edge;
using Conference.Gateway.Partners;
using Conference.Gateway.Routing;
using Conference.Gateway.Web;
using Conference.Messaging;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddEdgePolicies();
builder.AddPartnerSignIn();
builder.AddPublicRoutes();
builder.AddWebPages();

var app = builder.Build();

app.UseEdgePolicies();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseWebPages();

app.MapPartnerSignIn();
app.MapReverseProxy();
app.MapApiReference();
app.MapWebPages();
// /health and /alive are public here (load balancers probe the gateway): they answer one word
// (Healthy, Degraded, Unhealthy), no check names or errors; those are in /ops/health, which the
// gateway does not map. The services' own health endpoints are not routed (PublicRoutes).
app.MapDefaultEndpoints();

await app.MigrateDatabaseAsync<GatewayDbContext>();
app.Run();

/// <summary>Entry point, visible to tests.</summary>
public partial class Program;
