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
        builder.AddMessaging<CatalogDbContext>(x =>
        {
            x.AddConsumer<SessionTranslatedConsumer>();
            x.AddConsumer<SessionCapacityChangedConsumer>();
        });
        builder.Services.AddOpenApi();
        return builder;
    }

    /// <summary>The public contract's Catalog routes (<c>/api/v1/sessions...</c>, <c>/api/v1/programme</c>) and the OpenAPI document.</summary>
    public static WebApplication MapCatalogApi(this WebApplication app)
    {
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
