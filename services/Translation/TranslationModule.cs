using Conference.Messaging;
using Conference.Translation.Data;
using Conference.Translation.Demand;
using Conference.Translation.Engines;
using Conference.Translation.Glossary;
using Conference.Translation.Operations;
using Conference.Translation.Review;
using Conference.Translation.Sessions;
using Microsoft.EntityFrameworkCore;
using MassTransit;

namespace Conference.Translation;

/// <summary>The Translation service's composition: database, engine, worker, consumers and API.</summary>
internal static class TranslationModule
{
    /// <summary>Database <c>translationdb</c>, the configured engine, the worker and the bus with Translation's consumers.</summary>
    public static IHostApplicationBuilder AddTranslation(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<TranslationDbContext>("translationdb");
        builder.AddTranslationCore();
        builder.AddMessaging<TranslationDbContext>(AddConsumers);
        builder.Services.AddOpenApi();
        return builder;
    }

    /// <summary>Everything but the database and the bus (tests host these pieces with their own bus).</summary>
    internal static IHostApplicationBuilder AddTranslationCore(this IHostApplicationBuilder builder)
    {
        builder.AddTranslationEngine();
        var signal = new TranslationSignal();
        builder.Services.AddSingleton(signal);
        builder.Services.ConfigureDbContext<TranslationDbContext>(o => o.AddInterceptors(signal.Interceptor()));
        builder.Services.AddScoped<TextTranslator>();
        builder.Services.AddScoped<SessionIntake>();
        builder.Services.AddHostedService<TranslationWorker>();
        builder.AddTranslationOperations();
        return builder;
    }

    /// <summary>Translation's consumers (queues named translation-..., by the shared messaging setup).</summary>
    internal static void AddConsumers(IBusRegistrationConfigurator x)
    {
        x.AddConsumer<SessionPublishedConsumer>();
        x.AddConsumer<SessionUpdatedConsumer>();
        x.AddConsumer<SessionCancelledConsumer>();
        x.AddConsumer<RegistrationConfirmedDemandConsumer>();
        x.AddConsumer<RegistrationPromotedDemandConsumer>();
        x.AddConsumer<RegistrationCancelledDemandConsumer>();
    }

    /// <summary>Maps <c>/api/v1/glossary</c>, <c>/api/v1/sessions/{id}/translations/...</c>, <c>/api/v1/sessions/{id}/languages</c> and OpenAPI.</summary>
    public static WebApplication MapTranslationApi(this WebApplication app)
    {
        app.MapOpenApi();
        var api = app.MapGroup("/api/v1");
        api.MapGlossaryApi();
        api.MapTranslationsApi();
        api.MapDemandApi();
        app.MapTranslationOperations();
        return app;
    }
}
