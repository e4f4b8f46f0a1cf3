using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Conference.ServiceDefaults.Http;

/// <summary>
/// Every service's OpenAPI document (<c>/openapi/v1.json</c>) names one server, the relative <c>/</c>.
/// Partners read the documents through the gateway (<c>GET /api/openapi/{service}.json</c>, api-contract.md)
/// and call the same paths there: a relative server URL is resolved against where the document was
/// fetched (OpenAPI 3.1 §4.8.5, Server Object), so it names the gateway's public address, whatever it
/// is. The framework's default, the address of the request, was the service's internal address and
/// port (the gateway forwards to it; a tester found Registration's port in its document).
/// </summary>
public static class GatewayOpenApiServer
{
    /// <summary>Sets <c>servers</c> to <c>[{ "url": "/" }]</c> in every OpenAPI document of the service.</summary>
    public static IServiceCollection AddGatewayOpenApiServer(this IServiceCollection services) =>
        services.ConfigureAll<OpenApiOptions>(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Servers = [new OpenApiServer { Url = "/", Description = "The gateway this document was fetched from (development: http://127.0.0.1:8080)" }];
            return Task.CompletedTask;
        }));
}
