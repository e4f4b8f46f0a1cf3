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
app.MapDefaultEndpoints();

await app.MigrateDatabaseAsync<GatewayDbContext>();
app.Run();

/// <summary>Entry point, visible to tests.</summary>
public partial class Program;
