using System.Data.Common;

namespace Conference.Notification.Delivery;

/// <summary>
/// Where mail goes: the connection string <c>mail</c> that the AppHost gives, in the form
/// <c>Endpoint=smtp://host:port</c> (optionally <c>;Username=...;Password=...</c>); a bare
/// <c>smtp://host:port</c> is accepted too. <c>smtps://</c> means TLS on connect.
/// </summary>
internal sealed record SmtpEndpoint(string Host, int Port, bool UseTls, string? Username, string? Password)
{
    /// <summary>Parses the connection string; throws <see cref="FormatException"/> when it names no SMTP server.</summary>
    public static SmtpEndpoint Parse(string connectionString)
    {
        string? endpoint;
        string? username = null;
        string? password = null;
        if (connectionString.Contains('=', StringComparison.Ordinal))
        {
            var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
            endpoint = parts.TryGetValue("Endpoint", out var e) ? e?.ToString() : null;
            username = parts.TryGetValue("Username", out var u) ? u?.ToString() : null;
            password = parts.TryGetValue("Password", out var p) ? p?.ToString() : null;
        }
        else
        {
            endpoint = connectionString;
        }

        if (!Uri.TryCreate(endpoint?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("smtp" or "smtps") || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException("Connection string 'mail' must be 'Endpoint=smtp://host:port'.");
        }
        var tls = uri.Scheme == "smtps";
        var port = uri.IsDefaultPort || uri.Port <= 0 ? (tls ? 465 : 25) : uri.Port;
        return new SmtpEndpoint(uri.Host, port, tls, string.IsNullOrEmpty(username) ? null : username, string.IsNullOrEmpty(password) ? null : password);
    }
}
