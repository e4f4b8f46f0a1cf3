using Conference.Catalog;
using Conference.Catalog.Data;
using Conference.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddPartnerAuthentication();
builder.AddCatalog();

var app = builder.Build();
app.MapCatalogApi();
app.MapOps().MapOutboxRelay();
app.MapDefaultEndpoints();
await app.MigrateDatabaseAsync<CatalogDbContext>();
app.Run();

public partial class Program;
