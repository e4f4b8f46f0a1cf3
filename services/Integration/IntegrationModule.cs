using Conference.Integration.Audit;
using Conference.Integration.Data;
using Conference.Integration.Sessions;
using Conference.Integration.Webhooks;
using Conference.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Conference.Integration;

/// <summary>The Integration service's composition: database, webhook deliverer, consumers and API.</summary>
internal static class IntegrationModule
{
    /// <summary>
    /// Database <c>integrationdb</c>, the webhook sender and deliverer (configuration section
    /// <c>Webhooks</c>), and the bus with Integration's consumers. <c>Messaging:TemporaryQueues</c>
    /// (tests) makes its queues go away with the host.
    /// </summary>
    public static IHostApplicationBuilder AddIntegration(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<IntegrationDbContext>("integrationdb");
        builder.AddIntegrationCore();
        var temporary = builder.Configuration.GetValue<bool>("Messaging:TemporaryQueues");
        builder.AddMessaging<IntegrationDbContext>(x => AddConsumers(x, temporary));
        builder.Services.AddOpenApi();
        return builder;
    }

    /// <summary>Everything but the database and the bus.</summary>
    internal static IHostApplicationBuilder AddIntegrationCore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookOptions>().Bind(builder.Configuration.GetSection("Webhooks"));
        var signal = new WebhookSignal();
        builder.Services.AddSingleton(signal);
        builder.Services.ConfigureDbContext<IntegrationDbContext>(o => o.AddInterceptors(signal.Interceptor()));
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddScoped<WebhookFanOut>();
        builder.Services.AddSingleton<WebhookDeliverer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WebhookDeliverer>());
        return builder;
    }

    /// <summary>Integration's consumers (queues named integration-..., by the shared messaging setup).</summary>
    internal static void AddConsumers(IBusRegistrationConfigurator x, bool temporary = false)
    {
        void Endpoint(IEndpointRegistrationConfigurator e) => e.Temporary = temporary;
        x.AddConsumer<SessionPublishedConsumer>().Endpoint(Endpoint);
        x.AddConsumer<SessionUpdatedConsumer>().Endpoint(Endpoint);
        x.AddConsumer<SessionRescheduledConsumer>().Endpoint(Endpoint);
        x.AddConsumer<SessionCancelledConsumer>().Endpoint(Endpoint);
        x.AddConsumer<SessionTranslatedConsumer>().Endpoint(Endpoint);
        x.AddConsumer<RegistrationConfirmedConsumer>().Endpoint(Endpoint);
        x.AddConsumer<RegistrationWaitlistedConsumer>().Endpoint(Endpoint);
        x.AddConsumer<RegistrationPromotedConsumer>().Endpoint(Endpoint);
        x.AddConsumer<RegistrationCancelledConsumer>().Endpoint(Endpoint);
        x.AddConsumer<PartnerActionConsumer>().Endpoint(Endpoint);
    }

    /// <summary>Maps <c>/api/v1/webhooks...</c>, <c>/api/v1/sessions/{id}/audit</c> and OpenAPI; all for partners.</summary>
    public static WebApplication MapIntegrationApi(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi();
        var api = app.MapGroup("/api/v1");
        api.MapAuditApi();
        var webhooks = api.MapGroup("/webhooks").WithTags("Webhooks").RequireAuthorization(PartnerAuthentication.PartnerPolicy);
        webhooks.MapSubscriptionsApi();
        webhooks.MapDeliveriesApi();
        return app;
    }
}
