using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Security.AntiSSRF;

namespace Conference.Integration.Webhooks;

/// <summary>What one POST gave: the HTTP status (null when no answer came), an error, the duration (ms).</summary>
internal sealed record DeliveryOutcome(int? StatusCode, string? Error, int DurationMs)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;

    /// <summary>410 Gone: the receiver wants no more deliveries; the subscription ends.</summary>
    public bool Gone => StatusCode == 410;
}

/// <summary>
/// POSTs signed webhook bodies. Outbound calls go through Microsoft's AntiSSRF handler: https only,
/// and the name is resolved and every address checked against the private, loopback, link-local,
/// metadata and other special ranges at connection time (so DNS rebinding cannot slip through);
/// redirects are not followed (a 3xx counts as a failure). Development
/// (<see cref="WebhookOptions.AllowLoopbackHttp"/>) also allows plain http to 127.0.0.0/8 and ::1.
/// Not the shared HTTP client defaults: no service discovery (a partner URL must never reach
/// <c>http://catalog</c>) and no automatic retries (the deliverer retries with its own back-off).
/// </summary>
internal sealed class WebhookSender : IDisposable
{
    private readonly HttpClient _http;

    public WebhookSender(IOptions<WebhookOptions> options)
    {
        var o = options.Value;
        var policy = new AntiSSRFPolicy(PolicyConfigOptions.ExternalOnlyLatest) { AddXFFHeader = false };
        if (o.AllowLoopbackHttp)
        {
            policy.AllowPlainTextHttp = true;
            policy.AddAllowedAddresses(["127.0.0.0/8", "::1"]);
        }
        var handler = policy.GetHandler();
        handler.AllowAutoRedirect = false;
        handler.UseCookies = false;
        handler.ConnectTimeout = o.Timeout;
        handler.PooledConnectionLifetime = TimeSpan.FromMinutes(2);
        _http = new HttpClient(handler) { Timeout = o.Timeout };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Conference-Webhooks", "1"));
    }

    /// <summary>POSTs <paramref name="body"/> (UTF-8 JSON) to <paramref name="url"/>, signed with <paramref name="secret"/> at <paramref name="timestamp"/>.</summary>
    public async Task<DeliveryOutcome> SendAsync(string url, Guid eventId, string body, string secret, DateTimeOffset timestamp, CancellationToken ct)
    {
        var id = eventId.ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSigning.IdHeader, id);
        request.Headers.Add(WebhookSigning.TimestampHeader, timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSigning.SignatureHeader, WebhookSigning.Sign(secret, id, timestamp, body));

        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var code = (int)response.StatusCode;
            var error = response.IsSuccessStatusCode ? null : $"HTTP {code} {response.ReasonPhrase}".Trim();
            return new DeliveryOutcome(code, error, Elapsed(started));
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            var error = ex is TaskCanceledException ? $"No answer within {_http.Timeout.TotalSeconds:0.#} s." : Describe(ex);
            return new DeliveryOutcome(null, error, Elapsed(started));
        }
    }

    private static int Elapsed(long started) => (int)Math.Min(int.MaxValue, Stopwatch.GetElapsedTime(started).TotalMilliseconds);

    private static string Describe(Exception ex)
    {
        var messages = new List<string>();
        for (var e = ex; e is not null && messages.Count < 3; e = e.InnerException)
        {
            messages.Add(e.Message);
        }
        var text = string.Join(" ← ", messages.Distinct());
        return text.Length > 1000 ? text[..1000] : text;
    }

    public void Dispose() => _http.Dispose();
}
