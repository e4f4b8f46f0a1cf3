using Microsoft.Extensions.Http.Resilience;

namespace Conference.Translation.Engines;

/// <summary>
/// Registers the engine chosen by configuration <c>Translation:Engine</c>: <c>apertium</c> (default;
/// connection string <c>apertium</c>), <c>libretranslate</c> (connection string
/// <c>libretranslate</c>, key <c>Translation:LibreTranslate:ApiKey</c>) or <c>deepl</c>
/// (<c>Translation:DeepL:ApiKey</c>, base URL <c>Translation:DeepL:BaseUrl</c>, default
/// <c>https://api-free.deepl.com</c>), and its warm-up at start (<see cref="EngineWarmUp"/>).
/// </summary>
internal static class EngineRegistration
{
    public static IHostApplicationBuilder AddTranslationEngine(this IHostApplicationBuilder builder)
    {
        var engine = (builder.Configuration["Translation:Engine"] ?? "apertium").Trim().ToLowerInvariant();
        switch (engine)
        {
            case "apertium":
                builder.Services.AddSingleton<ApertiumPairs>();
                builder.Services.AddSingleton<ApertiumHopCache>();
                builder.Services.AddHttpClient<ITranslationEngine, ApertiumEngine>(http =>
                        http.BaseAddress = BaseUrl(builder.Configuration.GetConnectionString("apertium") ?? "http://127.0.0.1:2737"))
                    .WithSlowEngineResilience();
                break;
            case "libretranslate":
                builder.Services.Configure<LibreTranslateOptions>(builder.Configuration.GetSection("Translation:LibreTranslate"));
                builder.Services.AddHttpClient<ITranslationEngine, LibreTranslateEngine>(http =>
                        http.BaseAddress = BaseUrl(builder.Configuration.GetConnectionString("libretranslate")
                            ?? throw new InvalidOperationException("Connection string 'libretranslate' (its base URL) is missing.")))
                    .WithSlowEngineResilience();
                break;
            case "deepl":
                builder.Services.Configure<DeepLOptions>(builder.Configuration.GetSection("Translation:DeepL"));
                builder.Services.AddHttpClient<ITranslationEngine, DeepLEngine>(http =>
                        http.BaseAddress = BaseUrl(builder.Configuration["Translation:DeepL:BaseUrl"] ?? "https://api-free.deepl.com"))
                    .WithSlowEngineResilience();
                break;
            default:
                throw new InvalidOperationException($"Translation:Engine '{engine}' is unknown: use apertium, libretranslate or deepl.");
        }
        builder.Services.AddSingleton<EngineWarmUp>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EngineWarmUp>());
        return builder;
    }

    /// <summary>A base address that ends with '/', so relative paths keep any path prefix.</summary>
    internal static Uri BaseUrl(string url) => new(url.EndsWith('/') ? url : url + "/");

    // Engines are slow on a first call (Apertium starts a pipeline per pair), so the default 10 s
    // attempt timeout would fail healthy calls; jobs retry on their own, so few HTTP retries.
    private static IHttpClientBuilder WithSlowEngineResilience(this IHttpClientBuilder http)
    {
#pragma warning disable EXTEXP0001 // evaluation API; the only way to replace the defaults' handler for one client
        http.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        http.AddStandardResilienceHandler(o =>
        {
            o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(60);
            o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(150);
            o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(120);
            o.Retry.MaxRetryAttempts = 1;
        });
        return http;
    }
}
