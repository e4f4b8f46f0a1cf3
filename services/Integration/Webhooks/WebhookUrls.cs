using System.Net;
using System.Net.Sockets;
using Microsoft.Security.AntiSSRF;

namespace Conference.Integration.Webhooks;

/// <summary>
/// Checks a subscription URL when it is given, for a clear 422 early: absolute, <c>https</c>
/// (development also <c>http</c> to a loopback address), no user info, at most 2000 characters,
/// not a literal address in a private or special range, not <c>localhost</c>. Names are resolved
/// and checked again at every delivery (<see cref="WebhookSender"/>), which is the real guard.
/// </summary>
internal static class WebhookUrls
{
    public const int MaxLength = 2000;

    private static readonly IPNetwork[] Denied = [.. IPAddressRanges.recommendedLatest.Select(IPNetwork.Parse)];

    /// <summary>Null when acceptable, else why not.</summary>
    public static string? Problem(string? url, bool allowLoopbackHttp)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "Required: the https URL deliveries are POSTed to.";
        }
        if (url.Length > MaxLength)
        {
            return $"At most {MaxLength} characters.";
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            return "An absolute URL, e.g. https://partner.example/webhooks.";
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "No user name or password in the URL; authenticate deliveries by their signature.";
        }
        var loopback = IsLoopback(uri);
        if (uri.Scheme == Uri.UriSchemeHttp && allowLoopbackHttp && loopback)
        {
            return null;
        }
        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            return allowLoopbackHttp ? "https, or http to 127.0.0.1 in development." : "https only.";
        }
        if (loopback && allowLoopbackHttp)
        {
            return null;
        }
        if (uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return "Deliveries go to public addresses only.";
        }
        if (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var address) && IsDenied(address))
        {
            return "Deliveries go to public addresses only (no private, loopback, link-local or other special ranges).";
        }
        return null;
    }

    /// <summary>Whether <paramref name="address"/> lies in a range outbound calls must not reach.</summary>
    public static bool IsDenied(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        return IPAddress.IsLoopback(address) || Denied.Any(n => n.BaseAddress.AddressFamily == address.AddressFamily && n.Contains(address));
    }

    private static bool IsLoopback(Uri uri) =>
        IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address)
        && (address.AddressFamily == AddressFamily.InterNetwork || address.Equals(IPAddress.IPv6Loopback));
}
