using Conference.Gateway.Data;
using Conference.Gateway.Partners;
using Conference.Gateway.Routing;
using Conference.Messaging;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPartnerSignIn();
builder.AddPublicRoutes();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.MapPartnerSignIn();
app.MapReverseProxy();
app.MapGet("/", () => Results.Redirect("/api/v1/programme")).ExcludeFromDescription();
app.MapDefaultEndpoints();

await app.MigrateDatabaseAsync<GatewayDbContext>();
app.Run();

/// <summary>Entry point, visible to tests.</summary>
public partial class Program;
