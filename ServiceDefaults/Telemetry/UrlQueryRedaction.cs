using System.Diagnostics;
using OpenTelemetry;

namespace Conference.ServiceDefaults.Telemetry;

/// <summary>
/// Replaces every query value in a finished span's URL tags (<c>url.query</c>, <c>url.full</c>,
/// <c>http.url</c>, <c>http.target</c>) with <c>Redacted</c>: the manage link carries the attendee's
/// token as <c>?token=</c>, and on .NET 10 the server span's <c>url.query</c> arrives unredacted.
/// Registered before the exporters, so no exporter sees the values. Names stay: <c>?token=Redacted&amp;lang=Redacted</c>.
/// </summary>
internal sealed class UrlQueryRedaction : BaseProcessor<Activity>
{
    private static readonly string[] Tags = ["url.query", "url.full", "http.url", "http.target"];

    public override void OnEnd(Activity data)
    {
        foreach (var tag in Tags)
        {
            if (data.GetTagItem(tag) is string value && value.Contains('?', StringComparison.Ordinal))
            {
                data.SetTag(tag, Redact(value));
            }
        }
    }

    /// <summary>The text with each value after '?' (pairs split on '&amp;') replaced by <c>Redacted</c>.</summary>
    internal static string Redact(string value)
    {
        var question = value.IndexOf('?', StringComparison.Ordinal);
        var fragment = value.IndexOf('#', question + 1);
        var query = fragment < 0 ? value[(question + 1)..] : value[(question + 1)..fragment];
        var pairs = query.Split('&').Select(pair =>
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            return equals < 0 ? pair : pair[..(equals + 1)] + "Redacted";
        });
        return value[..(question + 1)] + string.Join('&', pairs) + (fragment < 0 ? "" : value[fragment..]);
    }
}
