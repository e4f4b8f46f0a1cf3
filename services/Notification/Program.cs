using Conference.Messaging;
using Conference.Notification;
using Conference.Notification.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddPartnerAuthentication();
builder.AddNotification();

var app = builder.Build();
app.MapNotificationApi();
app.MapDefaultEndpoints();
await app.MigrateDatabaseAsync<NotificationDbContext>();
await app.RunAsync();

/// <summary>The entry point, visible to the test host (WebApplicationFactory).</summary>
public partial class Program;
