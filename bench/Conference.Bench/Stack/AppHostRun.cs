using System.Diagnostics;

namespace Conference.Bench.Stack;

/// <summary>
/// The system under test: the repository's AppHost (Release build) started as an operator would,
/// with the bench's own servers passed as connection strings (so the AppHost launches none), its own
/// database prefix and the dashboard on 19888-19890. Its proxies take random ports
/// (<c>DcpPublisher__RandomizePorts</c>), so another AppHost (./scripts/up, an end-to-end test) can
/// run beside it; the bench reaches each service at the address its process listens on
/// (<c>ASPNETCORE_URLS</c> in its environment), the gateway included: no development proxy in front
/// of the gateway, as in production.
/// </summary>
internal sealed class AppHostRun(Paths paths, string partnerSecret)
{
    /// <summary>The gateway's public address as configured (token issuer); the process listens elsewhere, see <see cref="Url"/>.</summary>
    public const int GatewayPort = 19080;
    public static readonly string[] ServiceNames = ["Gateway", "Catalog", "Registration", "Notification", "Translation"];
    private static readonly int[] FixedPorts = [19888, 19889, 19890];
    private Process? _process;

    /// <summary>The AppHost's process id (0 before it starts).</summary>
    public int ProcessId => _process?.Id ?? 0;

    /// <summary>Where the gateway listens (known once started).</summary>
    public Uri Gateway => Url("Gateway") ?? throw new InvalidOperationException("The gateway is not running.");

    /// <summary>The address a service's process listens on (from its <c>ASPNETCORE_URLS</c>), or null when it is not running.</summary>
    public Uri? Url(string service)
    {
        if (!ServicePids().TryGetValue(service, out var pid))
        {
            return null;
        }
        try
        {
            var urls = Shell.Describe(pid).Env.GetValueOrDefault("ASPNETCORE_URLS");
            return urls is null ? null : new Uri(urls.Split(';')[0]);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public string AppHostDll => Path.Combine(paths.Root, "AppHost", "bin", "Release", "net10.0", "AppHost.dll");

    /// <summary>Starts the AppHost and waits until the gateway (which waits for every service) is healthy.</summary>
    public async Task StartAsync()
    {
        var busy = FixedPorts.Where(Shell.PortOpen).ToArray();
        if (busy.Length > 0)
        {
            throw new InvalidOperationException(
                $"Ports {string.Join(", ", busy)} are in use (a previous bench run?). Stop it first.");
        }
        if (!File.Exists(AppHostDll))
        {
            throw new InvalidOperationException($"{AppHostDll} is missing: build with `dotnet build AppHost -c Release` (bench/run does).");
        }

        var info = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = paths.Root };
        info.ArgumentList.Add("dotnet");
        info.ArgumentList.Add(AppHostDll);
        foreach (var (k, v) in Environment())
        {
            info.Environment[k] = v;
        }
        _process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the AppHost.");
        var log = File.CreateText(Path.Combine(paths.Logs, "apphost.log"));
        log.AutoFlush = true;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        // Generous: on a machine shared with other builds and test runs, startup alone took minutes.
        while (clock.Elapsed < TimeSpan.FromMinutes(12))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The AppHost exited ({_process.ExitCode}); see {Path.Combine(paths.Logs, "apphost.log")}");
            }
            try
            {
                var gateway = Url("Gateway");
                using var health = gateway is null ? null : await http.GetAsync(new Uri(gateway, "/health"));
                if (health is { IsSuccessStatusCode: true } && ServiceNames.All(ServicePids().ContainsKey))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(1000);
        }
        throw new TimeoutException("The gateway was not healthy within 12 minutes; see .data/bench/logs/apphost.log");
    }

    /// <summary>Share of journeys traced during the run (<c>BENCH_TRACE_SAMPLE_RATIO</c>, default 0.05).</summary>
    public static string TraceSampleRatio { get; } =
        System.Environment.GetEnvironmentVariable("BENCH_TRACE_SAMPLE_RATIO") is { Length: > 0 } ratio ? ratio : "0.05";

    /// <summary>The environment an operator would set: servers, ports, partner secrets, Release services.</summary>
    private Dictionary<string, string> Environment() => new()
    {
        ["ASPNETCORE_URLS"] = "http://127.0.0.1:19888",
        ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = "http://127.0.0.1:19889",
        ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = "http://127.0.0.1:19890",
        ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
        ["DOTNET_ENVIRONMENT"] = "Development",
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["DcpPublisher__RandomizePorts"] = "true",
        ["Infrastructure__Mode"] = "local",
        ["Infrastructure__DatabasePrefix"] = Sql.Prefix,
        ["ConnectionStrings__postgres"] = Servers.PostgresConnection,
        ["ConnectionStrings__messaging"] = Servers.MessagingConnection,
        ["ConnectionStrings__mail"] = MailSink.Connection,
        ["ConnectionStrings__apertium"] = Servers.ApertiumConnection,
        ["Gateway__Port"] = GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Gateway__PublicUrl"] = $"http://127.0.0.1:{GatewayPort}",
        // The gateway limits public writes per client address (600 a minute). In a real opening the
        // attendees come from thousands of addresses through a reverse proxy; the bench plays that
        // proxy: the gateway (which inherits the AppHost's environment) believes 127.0.0.1's
        // X-Forwarded-For, and every bench attendee comes from an address of its own in 10.0.0.0/8.
        ["Edge__KnownProxies__0"] = "127.0.0.1",
        // Telemetry as a deployment under load runs it: every service exports to the dashboard as
        // always, but only this share of journeys is traced (whole journeys, decided by trace id; the
        // development default is every one). BENCH_TRACE_SAMPLE_RATIO=1 measures with every journey traced.
        ["Telemetry__TraceSampleRatio"] = TraceSampleRatio,
        ["Parameters__oit-client-secret"] = partnerSecret,
        ["Parameters__adec-client-secret"] = partnerSecret + "-adec",
        ["Parameters__famsi-client-secret"] = partnerSecret + "-famsi",
    };

    /// <summary>Service name → process id of its Release build (as DCP started it through <c>dotnet run</c>).</summary>
    public Dictionary<string, int> ServicePids()
    {
        var found = new Dictionary<string, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            string exe;
            try
            {
                exe = new FileInfo(Path.Combine(dir, "exe")).ResolveLinkTarget(false)?.FullName ?? "";
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            // <root>/services/<Name>/bin/Release/net10.0/<Name>: the five of ServiceNames and any service added since.
            var prefix = Path.Combine(paths.Root, "services") + "/";
            if (exe.StartsWith(prefix, StringComparison.Ordinal))
            {
                var parts = exe[prefix.Length..].Split('/');
                if (parts is [var name, "bin", "Release", "net10.0", var file] && file == name)
                {
                    found[name] = pid;
                }
            }
        }
        return found;
    }

    /// <summary>Stops the AppHost (TERM: it stops the services and DCP), then anything it left.</summary>
    public async Task StopAsync()
    {
        var services = ServicePids();
        if (_process is { HasExited: false })
        {
            await Shell.SignalAsync(_process.Id, "TERM");
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        foreach (var pid in services.Values.Where(Shell.Alive))
        {
            await Shell.SignalAsync(pid, "TERM");
            await Shell.WaitExitAsync(pid, TimeSpan.FromSeconds(15));
        }
    }
}
