using System.Text.Encodings.Web;
using System.Text.Unicode;
using Conference.Gateway.Web.Api;
using Conference.Gateway.Web.Components;
using Conference.Gateway.Web.Visitors;
using Microsoft.AspNetCore.Localization;

namespace Conference.Gateway.Web;

/// <summary>
/// The attendees' web pages (public API contract, "Web pages"): Razor components rendered on the
/// server only (no circuit, no framework script), plain HTML forms with antiforgery tokens, in
/// English, French and Spanish. They read through the same public endpoints as everyone,
/// from Catalog and Registration by service discovery (<c>http://catalog</c>,
/// <c>http://registration</c>, or <c>Services:{name}</c>).
/// </summary>
public static class WebPages
{
    /// <summary>Razor components, localization, the clients of Catalog and Registration, a small memory cache.</summary>
    public static IHostApplicationBuilder AddWebPages(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents();
        builder.Services.AddExceptionHandler<ServiceUnavailableHandler>();
        // Accented letters stay letters in the HTML (smaller, readable); markup characters are still encoded.
        builder.Services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.Services.AddLocalization();
        builder.Services.AddMemoryCache(o => o.SizeLimit = null);
        builder.Services.AddHttpClient<CatalogApi>(c => c.BaseAddress = ServiceAddress(builder.Configuration, "catalog"));
        builder.Services.AddHttpClient<RegistrationApi>(c => c.BaseAddress = ServiceAddress(builder.Configuration, "registration"));
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            string[] cultures = [.. Visitor.Languages];
            o.SetDefaultCulture(cultures[0]).AddSupportedCultures(cultures).AddSupportedUICultures(cultures);
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider { QueryStringKey = Visitor.LanguageKey, UIQueryStringKey = Visitor.LanguageKey },
                new CustomRequestCultureProvider(http => Task.FromResult(
                    http.Request.Cookies[Visitor.LanguageKey] is { } lang && Visitor.Languages.Contains(lang) ? new ProviderCultureResult(lang) : null)),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return builder;
    }

    /// <summary>Language and time-zone choices, refused forms in the visitor's words (<see cref="FormRefusals"/>), antiforgery.</summary>
    public static WebApplication UseWebPages(this WebApplication app)
    {
        app.UseRequestLocalization();
        app.Use(Visitor.RememberChoices);
        app.UseMiddleware<FormRefusals>();
        app.UseAntiforgery();
        return app;
    }

    /// <summary>Maps <c>wwwroot</c> and the page routes (<c>/</c>, <c>/sessions/{id}</c>, <c>/registrations/{id}</c>, <c>/api</c>).</summary>
    public static WebApplication MapWebPages(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>();
        return app;
    }

    private static Uri ServiceAddress(IConfiguration configuration, string service) =>
        new(configuration[$"Services:{service}"] is { Length: > 0 } address ? address : $"http://{service}");
}
