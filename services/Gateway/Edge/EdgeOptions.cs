namespace Conference.Gateway.Edge;

/// <summary>
/// Edge policies of the gateway, configuration section <c>Edge</c>. The AppHost sets
/// <c>Edge:RegistrationRateLimitPerMinute</c> from the Aspire parameter
/// <c>registration-rate-limit-per-minute</c>.
/// </summary>
public sealed class EdgeOptions
{
    /// <summary>Public writes (registrations, cancellations, the pages' forms) allowed per client address and minute; default 600.</summary>
    public int RegistrationRateLimitPerMinute { get; set; } = 600;

    /// <summary>Largest request body accepted, in bytes; default 1 MiB (a session card is about 10 KB). Larger: 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How long public reads (sessions, programme, the pages' data) are served from the gateway's cache, in seconds; default 5.</summary>
    public int PublicReadCacheSeconds { get; set; } = 5;

    /// <summary>
    /// Addresses of the reverse proxies in front of the gateway whose <c>X-Forwarded-For</c> and
    /// <c>X-Forwarded-Proto</c> are believed (e.g. <c>10.0.0.2</c>); none by default, so a client
    /// cannot choose its own address.
    /// </summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of such proxies in CIDR notation (e.g. <c>10.0.0.0/8</c>); none by default.</summary>
    public string[] KnownNetworks { get; set; } = [];
}
