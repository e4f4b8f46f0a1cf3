using Conference.Messaging;
using Conference.Registration;
using Conference.Registration.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddPartnerAuthentication();
builder.AddRegistration();

var app = builder.Build();
app.MapRegistrationApi();
app.MapDefaultEndpoints();
await app.MigrateDatabaseAsync<RegistrationDbContext>();
await app.RunAsync();

/// <summary>Entry point, visible to the in-process tests (WebApplicationFactory).</summary>
public partial class Program;
