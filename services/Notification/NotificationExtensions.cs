using Conference.Messaging;
using Conference.Notification.Data;
using Conference.Notification.Delivery;
using Conference.Notification.DeliveryLog;
using Conference.Notification.Messages;
using Conference.Notification.Operations;
using Conference.Notification.Registrations;
using Conference.Notification.Reminders;
using Conference.Notification.Sessions;

namespace Conference.Notification;

/// <summary>The Notification service's composition: database, consumers, composer, sender, reminders, API.</summary>
internal static class NotificationExtensions
{
    /// <summary>
    /// Database <c>notificationdb</c>, MassTransit consumers of session and registration events (queues
    /// <c>notification-...</c> from the shared per-service formatter), the SMTP sender (connection string
    /// <c>mail</c>), the reminder dispatcher, OpenAPI.
    /// </summary>
    public static IHostApplicationBuilder AddNotification(this IHostApplicationBuilder builder)
    {
        // Every commit (a consumer or the reminder dispatcher wrote a message) wakes a sender loop.
        var mailSignal = new MailSignal();
        builder.Services.AddSingleton(mailSignal);
        builder.AddServiceDatabase<NotificationDbContext>("notificationdb", mailSignal);
        builder.AddMessaging<NotificationDbContext>(x =>
        {
            x.AddConsumer<SessionPublishedConsumer>();
            x.AddConsumer<SessionUpdatedConsumer>();
            x.AddConsumer<SessionRescheduledConsumer>();
            x.AddConsumer<SessionCancelledConsumer>();
            x.AddConsumer<SessionTranslatedConsumer>();
            x.AddConsumer<RegistrationConfirmedConsumer>();
            x.AddConsumer<RegistrationWaitlistedConsumer>();
            x.AddConsumer<RegistrationPromotedConsumer>();
            x.AddConsumer<RegistrationCancelledConsumer>();
        });

        var mail = builder.Configuration.GetConnectionString("mail")
            ?? throw new InvalidOperationException("Connection string 'mail' (Endpoint=smtp://host:port) is missing.");
        builder.Services.AddSingleton(SmtpEndpoint.Parse(mail));
        builder.Services.AddOptions<NotificationOptions>().Configure<IConfiguration>((o, config) =>
        {
            o.PublicUrl = config["Gateway:PublicUrl"] ?? o.PublicUrl;
            o.FromAddress = config["Mail:FromAddress"] ?? o.FromAddress;
            o.FromName = config["Mail:FromName"] ?? o.FromName;
        });

        builder.Services.AddSingleton<MessageComposer>();
        builder.Services.AddScoped<Mailbox>();
        builder.Services.AddScoped<ReminderPlanner>();
        builder.Services.AddScoped<SessionMoves>();
        builder.Services.AddScoped<RegistrationUpdates>();
        builder.Services.AddOptions<DeliveryOptions>().BindConfiguration("Mail");
        builder.Services.AddSingleton<MailSender>();
        builder.Services.AddSingleton<ReminderDispatcher>();
        builder.Services.AddHostedService<MailSendingWorker>();
        builder.Services.AddHostedService<ReminderWorker>();
        builder.AddNotificationOperations();
        builder.Services.AddOpenApi();
        return builder;
    }

    /// <summary>The HTTP pipeline (problem details for every error, partner authentication), the API (delivery log) and the OpenAPI document at <c>/openapi/v1.json</c>.</summary>
    public static WebApplication MapNotificationApi(this WebApplication app)
    {
        // Status code pages before authentication, so a 401/403 challenge also answers with problem details.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi();
        app.MapDeliveryLogApi();
        app.MapNotificationOperations();
        return app;
    }
}
