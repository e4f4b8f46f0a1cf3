using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace Conference.AppHost;

/// <summary>
/// Where the servers (PostgreSQL, RabbitMQ, mail sink, Apertium) come from.
/// <list type="bullet">
/// <item><c>containers</c>: Aspire container resources (a container runtime answers).</item>
/// <item><c>local</c>: the same servers from Debian packages, run by the AppHost as executables
/// (see <c>scripts/infra/</c>), or used as they are when their connection string is configured
/// (<c>ConnectionStrings:postgres</c> as a server string without database, <c>:messaging</c>,
/// <c>:mail</c>, <c>:apertium</c>), as <c>./scripts/test</c> does.</item>
/// </list>
/// Chosen by <c>Infrastructure:Mode</c> (<c>containers</c>, <c>local</c> or <c>auto</c>, the
/// default: containers when <c>docker info</c> (or <c>podman info</c> with
/// <c>ASPIRE_CONTAINER_RUNTIME=podman</c>) succeeds within 5 s). Decided before the model is built,
/// because container resources without an engine make the whole run hang.
/// </summary>
internal static class InfrastructureMode
{
    public const string Containers = "containers";
    public const string Local = "local";

    public static string Resolve(IConfiguration configuration)
    {
        var configured = configuration["Infrastructure:Mode"]?.Trim().ToLowerInvariant();
        return configured switch
        {
            Containers or Local => configured,
            null or "" or "auto" => ContainerRuntimeAnswers(configuration["ASPIRE_CONTAINER_RUNTIME"] ?? "docker") ? Containers : Local,
            _ => throw new InvalidOperationException($"Infrastructure:Mode must be 'containers', 'local' or 'auto', not '{configured}'."),
        };
    }

    private static bool ContainerRuntimeAnswers(string runtime)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, "info --format {{.ServerVersion}}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return false;
            }
            if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // the client is not installed
        }
    }
}
