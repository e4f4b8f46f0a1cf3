using Conference.Catalog.Data;
using Conference.Catalog.Import;
using Conference.Catalog.Programme;
using Conference.Catalog.Sessions;
using Conference.Catalog.Translations;
using Conference.Messaging;

namespace Conference.Catalog;

/// <summary>Catalog's composition: its database, its bus consumers, its API.</summary>
internal static class CatalogExtensions
{
    /// <summary>Database <c>catalogdb</c>, messaging (consumers of SessionTranslated and SessionCapacityChanged), OpenAPI.</summary>
    public static WebApplicationBuilder AddCatalog(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<CatalogDbContext>("catalogdb");
        // Queues are named per service ("catalog-..."): a consumer class of the same name in another
        // service must not compete for Catalog's messages. Messaging:QueueSuffix (tests) gives a host
        // its own temporary queues on a shared broker.
        var suffix = builder.Configuration["Messaging:QueueSuffix"];
        builder.AddMessaging<CatalogDbContext>(x =>
        {
            x.AddConsumer<SessionTranslatedConsumer>().Endpoint(e => Queue(e, "catalog-session-translated", suffix));
            x.AddConsumer<SessionCapacityChangedConsumer>().Endpoint(e => Queue(e, "catalog-session-capacity-changed", suffix));
        });
        builder.Services.AddOpenApi();
        return builder;
    }

    private static void Queue(MassTransit.IEndpointRegistrationConfigurator endpoint, string name, string? suffix)
    {
        endpoint.Name = string.IsNullOrWhiteSpace(suffix) ? name : $"{name}-{suffix}";
        endpoint.Temporary = !string.IsNullOrWhiteSpace(suffix);
    }

    /// <summary>The public contract's Catalog routes (<c>/api/v1/sessions...</c>, <c>/api/v1/programme</c>) and the OpenAPI document.</summary>
    public static WebApplication MapCatalogApi(this WebApplication app)
    {
        // Errors without a body (401, 404 of unknown routes, 405) and unexpected exceptions also answer problem details.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi();

        var partner = app.MapGroup("/api/v1/sessions").WithTags("Sessions").RequireAuthorization(PartnerAuthentication.PartnerPolicy);
        partner.MapImportSessionCard().MapCreateSession().MapPatchSession().MapSessionLifecycle();

        app.MapGroup("/api/v1/sessions").WithTags("Sessions").MapReadSessions();
        app.MapProgramme();
        return app;
    }
}
