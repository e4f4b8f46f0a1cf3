using Conference.Integration;
using Conference.Integration.Data;
using Conference.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddPartnerAuthentication();
builder.AddIntegration();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapIntegrationApi();
app.MapDefaultEndpoints();
await app.MigrateDatabaseAsync<IntegrationDbContext>();
await app.RunAsync();

public partial class Program;
