using System.Net;
using Conference.Bench.Load;
using Conference.Bench.Stack;
using static Conference.Bench.Report;

namespace Conference.Bench.Scenarios;

/// <summary>
/// Programme reads: <c>GET /api/v1/sessions</c> (and the programme page <c>/</c> when the gateway
/// serves one) through the gateway, against a bare Kestrel endpoint in this process that returns the
/// same bytes with the same content type, in the same run (wrk, <c>bench/wrk/read.lua</c>). The
/// Catalog service reached directly (its own Kestrel) shows the gateway's share.
/// </summary>
internal static class ProgrammeReads
{
    public const int BarePort = 19081;

    public static async Task RunAsync(BenchRun run, int connections, TimeSpan duration)
    {
        run.Report.Heading($"Programme reads: gateway vs bare Kestrel returning the same bytes, {connections} connections, {duration.TotalSeconds:F0} s each");
        await run.DrainAsync(TimeSpan.FromMinutes(10));

        var pages = new List<(string Path, byte[] Body, string ContentType, bool Catalog)>();
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(run.GatewayUrl) };
        foreach (var (path, catalog) in new[] { ("/api/v1/sessions", true), ("/", false) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.AcceptLanguage.ParseAdd("en");
            using var response = await noRedirect.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                run.Report.Line($"`GET {path}` answers {(int)response.StatusCode} {response.Headers.Location} through the gateway: not measured (the programme page is not served yet).");
                continue;
            }
            pages.Add((path, await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream", catalog));
        }

        await using var bare = await BareKestrel.StartAsync(BarePort, pages.Select(p => (p.Path, p.Body, p.ContentType)));
        var rows = new List<string[]>();
        foreach (var (path, body, _, catalog) in pages)
        {
            var env = new Dictionary<string, string> { ["BENCH_PATH"] = path };
            var gateway = await Wrk.RunAsync(run.Paths, "read.lua", run.GatewayUrl, connections, duration, env);
            run.Report.Command(gateway.Command);
            var kestrel = await Wrk.RunAsync(run.Paths, "read.lua", $"http://127.0.0.1:{BarePort}", connections, duration, env);
            run.Report.Command(kestrel.Command);
            WrkResult? direct = null;
            if (catalog)
            {
                direct = await Wrk.RunAsync(run.Paths, "read.lua", run.AppHost.Url("Catalog")!.ToString().TrimEnd('/'), connections, duration, env);
                run.Report.Command(direct.Command);
            }
            var ratio = gateway.Count(200) / gateway.Seconds / (kestrel.Count(200) / kestrel.Seconds);
            rows.Add([$"`{path}`", N(body.Length), N(gateway.Count(200) / gateway.Seconds), N(gateway.P50, 1), N(gateway.P99, 1), gateway.ErrorText,
                direct is null ? "—" : N(direct.Count(200) / direct.Seconds), N(kestrel.Count(200) / kestrel.Seconds), N(kestrel.P99, 1), N(ratio, 3)]);
            run.Report.Summary($"Programme reads `{path}`: {N(ratio, 3)} × bare Kestrel (acceptance ≥ 0.3)");
        }
        run.Report.Table(["path", "bytes", "gateway req/s", "p50 ms", "p99 ms", "errors", "Catalog direct req/s", "bare Kestrel req/s", "p99 ms", "ratio"], rows);
    }
}

/// <summary>A Kestrel server with nothing but fixed answers: the most this stack can serve on this machine.</summary>
internal sealed class BareKestrel : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareKestrel(WebApplication app) => _app = app;

    public static async Task<BareKestrel> StartAsync(int port, IEnumerable<(string Path, byte[] Body, string ContentType)> answers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        foreach (var (path, body, contentType) in answers)
        {
            app.MapGet(path, () => Results.Bytes(body, contentType));
        }
        await app.StartAsync();
        return new BareKestrel(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
