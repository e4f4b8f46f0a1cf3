using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Conference.Gateway.Partners;

/// <summary>
/// Creates or updates the partner clients from configuration at start-up (secrets come from the
/// Aspire parameters <c>{client}-client-secret</c>), so a changed secret takes effect on restart.
/// </summary>
internal sealed class PartnerClientSeeder(
    IServiceProvider services,
    IOptions<Dictionary<string, PartnerOptions>> partners,
    ILogger<PartnerClientSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        foreach (var (clientId, partner) in partners.Value)
        {
            if (string.IsNullOrWhiteSpace(partner.Secret))
            {
                logger.LogWarning("Partner client {ClientId} has no secret configured; it cannot sign in", clientId);
                continue;
            }

            var descriptor = new OpenIddictApplicationDescriptor
            {
                ClientId = clientId,
                ClientSecret = partner.Secret,
                ClientType = ClientTypes.Confidential,
                DisplayName = partner.Name ?? clientId.ToUpperInvariant(),
                Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials },
            };
            foreach (var scopeName in PartnerScopes.All)
            {
                descriptor.Permissions.Add(Permissions.Prefixes.Scope + scopeName);
            }
            descriptor.Properties["organiser"] = JsonSerializer.SerializeToElement(partner.Organiser ?? clientId.ToUpperInvariant());

            var existing = await manager.FindByClientIdAsync(clientId, cancellationToken);
            if (existing is null)
            {
                await manager.CreateAsync(descriptor, cancellationToken);
            }
            else
            {
                await manager.UpdateAsync(existing, descriptor, cancellationToken);
            }
            logger.LogInformation("Partner client {ClientId} ready", clientId);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
