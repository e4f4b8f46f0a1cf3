using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using Conference.ServiceDefaults;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Conference.Messaging;

/// <summary>
/// A background service's database work is background work too. With <c>Process:Nice</c> set
/// (<see cref="CpuPriority"/>; the AppHost sets 19 for Notification, Translation and Integration),
/// each connection the service opens lowers the PostgreSQL backend process serving it to the same
/// nice value, so in a burst of registrations the request path's statements (Registration, Catalog,
/// the gateway's sign-in) get the cores first and the consumers, the mail sender and their
/// transactions catch up after (bench/: hot session). Only for a server on this machine: the host is
/// loopback or a Unix socket and the backend's process is PostgreSQL's (<c>/proc/&lt;pid&gt;/comm</c>);
/// a remote server's process ids mean nothing here. PostgreSQL backends are single-threaded and last
/// as long as the pooled physical connection, so renicing on open (one system call) covers every
/// statement. After a refusal (another user's server, not root) it stops trying; the service runs on
/// at the database's own priority.
/// </summary>
public sealed class DatabaseBackendPriority(int nice) : DbConnectionInterceptor
{
    private readonly ConcurrentDictionary<int, bool> _postgresProcess = new();
    private volatile bool _refused;

    /// <summary>The nice value the backends are lowered to.</summary>
    public int Nice { get; } = nice;

    /// <inheritdoc />
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Lower(connection);

    /// <inheritdoc />
    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Lower(connection);
        return Task.CompletedTask;
    }

    /// <summary>Lowers the backend of <paramref name="connection"/>; true when it now runs at <see cref="Nice"/>.</summary>
    public bool Lower(DbConnection connection)
    {
        if (_refused || connection is not NpgsqlConnection { ProcessID: > 0 and var pid } npgsql || !IsLocal(npgsql.Host))
        {
            return false;
        }
        if (_postgresProcess.Count > 10_000)
        {
            _postgresProcess.Clear(); // backends come and go with the pool; their ids are reused
        }
        if (!_postgresProcess.GetOrAdd(pid, IsPostgres))
        {
            return false;
        }
        if (!CpuPriority.TryLower(pid, Nice))
        {
            _refused = true;
            return false;
        }
        return true;
    }

    private static bool IsLocal(string? host) =>
        string.IsNullOrEmpty(host) || host.StartsWith('/') || host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));

    private static bool IsPostgres(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim() is "postgres";
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
