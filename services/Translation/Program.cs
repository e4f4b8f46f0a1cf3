using Conference.Messaging;
using Conference.Translation;
using Conference.Translation.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddPartnerAuthentication();
builder.AddTranslation();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapTranslationApi();
app.MapDefaultEndpoints();
await app.MigrateDatabaseAsync<TranslationDbContext>();
await app.RunAsync();

public partial class Program;
