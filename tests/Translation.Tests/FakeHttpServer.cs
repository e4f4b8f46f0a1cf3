using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conference.Translation.Tests;

/// <summary>
/// A small real HTTP server on a free loopback port, answering with <paramref name="handler"/>;
/// stands in for third-party engines (following their documented contract) and for an engine that is down.
/// </summary>
public sealed class FakeHttpServer(Func<HttpContext, Task> handler) : IAsyncDisposable
{
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public async Task<FakeHttpServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        ((IApplicationBuilder)_app).Run(new RequestDelegate(handler));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
