using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Conference.Integration.Tests;

/// <summary>One request the receiver got: path, headers, the exact body, and the status it answered.</summary>
public sealed record ReceivedWebhook(string Path, IHeaderDictionary Headers, string Body, int Status);

/// <summary>
/// A partner's webhook endpoint on loopback (a small Kestrel app): records every request and answers
/// with the status its script gives for the n-th request on a path (default 200).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly ConcurrentDictionary<string, Func<int, int>> _scripts = new();
    private readonly ConcurrentDictionary<string, int> _counts = new();

    private WebhookReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(async http =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            var path = http.Request.Path.Value ?? "/";
            var n = _counts.AddOrUpdate(path, 0, (_, c) => c + 1);
            var status = _scripts.TryGetValue(path, out var script) ? script(n) : 200;
            var headers = new HeaderDictionary(http.Request.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase));
            _received.Enqueue(new ReceivedWebhook(path, headers, body, status));
            http.Response.StatusCode = status;
            if (status is >= 300 and < 400)
            {
                http.Response.Headers.Location = BaseUrl + "/redirected";
            }
        });
    }

    /// <summary><c>http://127.0.0.1:{port}</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        await receiver._app.StartAsync();
        receiver.BaseUrl = receiver._app.Urls.Single().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal);
        return receiver;
    }

    /// <summary>A fresh path on this receiver, e.g. <c>http://127.0.0.1:5555/hooks/ab12</c>.</summary>
    public string NewUrl(out string path)
    {
        path = "/hooks/" + Guid.NewGuid().ToString("N")[..8];
        return BaseUrl + path;
    }

    /// <summary>Answers the n-th request (0-based) on <paramref name="path"/> with <paramref name="script"/>(n).</summary>
    public void Answer(string path, Func<int, int> script) => _scripts[path] = script;

    /// <summary>Every request on <paramref name="path"/>, in arrival order.</summary>
    public IReadOnlyList<ReceivedWebhook> On(string path) => [.. _received.Where(r => r.Path == path)];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
