using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Conference.Gateway.Edge;

/// <summary>
/// What the gateway does to every request before it reaches a page or a service (configuration
/// <see cref="EdgeOptions"/>, section <c>Edge</c>): forwarded headers from known proxies only,
/// security headers, request size limits, rate limits (<see cref="RateLimits"/>) and a short
/// output cache for public reads.
/// </summary>
public static class EdgePolicies
{
    /// <summary>Registers the options, forwarded headers, rate limits, output cache and body size limit.</summary>
    public static IHostApplicationBuilder AddEdgePolicies(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Edge");
        builder.Services.Configure<EdgeOptions>(section);
        var edge = section.Get<EdgeOptions>() ?? new EdgeOptions();
        if (edge.RegistrationRateLimitPerMinute < 1)
        {
            // The AppHost parameter registration-rate-limit-per-minute: fail at start with its name, not on the first registration.
            throw new InvalidOperationException($"Edge:RegistrationRateLimitPerMinute (Aspire parameter registration-rate-limit-per-minute) must be a whole number of at least 1; it is {edge.RegistrationRateLimitPerMinute}.");
        }

        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            // Empty lists would mean "any proxy" to the middleware: with none configured, nothing is forwarded.
            o.ForwardedHeaders = edge.KnownProxies.Length + edge.KnownNetworks.Length == 0
                ? ForwardedHeaders.None
                : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; here only what is configured is trusted.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in edge.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }
            foreach (var network in edge.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
            // Entries are taken right to left and stop at the first address that is no known proxy.
            o.ForwardLimit = null;
        });

        builder.Services.AddEdgeRateLimits(edge);
        builder.Services.AddOutputCache(o =>
        {
            o.AddBasePolicy(p => p
                .With(c => IsPublicRead(c.HttpContext.Request))
                .Expire(TimeSpan.FromSeconds(Math.Max(1, edge.PublicReadCacheSeconds))));
            // The programme page (GET /) is the same HTML for every visitor with the same language,
            // time zone and filters: kept as long as the public reads it is made of. Varies by the
            // query (filters, lang, tz), the lang and tz cookies and Accept-Language. A response that
            // sets a cookie (a visitor choosing a language or zone) is never kept (the framework's rule).
            o.AddBasePolicy(p => p
                .With(c => IsProgrammePage(c.HttpContext.Request))
                .SetVaryByQuery("*")
                .SetVaryByHeader("Accept-Language")
                .VaryByValue(http => new KeyValuePair<string, string>("choices",
                    $"{http.Request.Cookies[Web.Visitors.Visitor.LanguageKey]}|{http.Request.Cookies[Web.Visitors.Visitor.TimeZoneKey]}"))
                .Expire(TimeSpan.FromSeconds(Math.Max(1, edge.PublicReadCacheSeconds))));
        });
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(k => k.Limits.MaxRequestBodySize = edge.MaxRequestBodyBytes);
        builder.Services.Configure<FormOptions>(f =>
        {
            f.ValueCountLimit = 64;
            f.MultipartBodyLengthLimit = edge.MaxRequestBodyBytes;
        });
        return builder;
    }

    /// <summary>
    /// Forwarded headers, HSTS outside development (sent on HTTPS requests, as a TLS-terminating
    /// known proxy reports them), security headers, request size limit, the checks on requests to be
    /// forwarded (<see cref="Routing.ProxyRequestChecks"/>: methods, header values), rate limits,
    /// output cache.
    /// </summary>
    public static WebApplication UseEdgePolicies(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        app.UseMiddleware<SecurityHeaders>();
        app.Use(RefuseLargeBodies);
        app.UseMiddleware<Routing.ProxyRequestChecks>();
        app.UseRateLimiter();
        app.UseOutputCache();
        return app;
    }

    /// <summary>
    /// Anonymous public reads cached for <see cref="EdgeOptions.PublicReadCacheSeconds"/>:
    /// <c>GET /api/v1/sessions</c> (with any query), <c>/api/v1/sessions/{id}</c> and
    /// <c>/api/v1/programme</c>. Requests with an Authorization header (organisers see drafts and
    /// join links) and responses setting cookies are never cached (the framework's default policy).
    /// </summary>
    public static bool IsPublicRead(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return false;
        }
        if (request.Path.StartsWithSegments("/api/v1/programme"))
        {
            return true;
        }
        if (!request.Path.StartsWithSegments("/api/v1/sessions", out var rest))
        {
            return false;
        }
        var segments = (rest.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length <= 1;
    }

    /// <summary>
    /// The programme page, <c>GET /</c> (or HEAD) without an Authorization header: anonymous, the same
    /// for every visitor with the same choices (see the cache policy in <see cref="AddEdgePolicies"/>).
    /// </summary>
    public static bool IsProgrammePage(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && request.Path == "/";

    /// <summary>413 problem details for a declared body larger than the limit; Kestrel cuts undeclared (chunked) ones.</summary>
    private static async Task RefuseLargeBodies(HttpContext http, RequestDelegate next)
    {
        var limit = http.RequestServices.GetRequiredService<IOptions<EdgeOptions>>().Value.MaxRequestBodyBytes;
        if (http.Request.ContentLength > limit)
        {
            await TypedResults.Problem(
                    statusCode: StatusCodes.Status413PayloadTooLarge,
                    title: "Request too large",
                    detail: $"Request bodies are limited to {limit} bytes.")
                .ExecuteAsync(http);
            return;
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }
        await next(http);
    }
}
