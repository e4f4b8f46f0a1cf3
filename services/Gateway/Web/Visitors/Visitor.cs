using System.Globalization;
using NodaTime;
using NodaTime.TimeZones;

namespace Conference.Gateway.Web.Visitors;

/// <summary>
/// What the pages know of the visitor: the page language (en, fr, es: <c>?lang=</c>, then the
/// <c>lang</c> cookie, then Accept-Language, then English — chosen by the request localization
/// middleware) and the time zone to show times in (<c>?tz=</c>, then the <c>tz</c> cookie, which
/// <c>wwwroot/timezone.js</c> fills from the browser; UTC until known). A choice given in the query
/// is remembered in its cookie for a year.
/// </summary>
public static class Visitor
{
    public const string LanguageKey = "lang";
    public const string TimeZoneKey = "tz";

    /// <summary>Languages of the pages (ISO 639-1), the first is the default.</summary>
    public static readonly string[] Languages = ["en", "fr", "es"];

    /// <summary>IANA zones offered in the time-zone choosers: TZDB's canonical zones with a location, and UTC.</summary>
    public static readonly IReadOnlyList<string> TimeZones =
        [.. TzdbDateTimeZoneSource.Default.ZoneLocations!.Select(l => l.ZoneId).Append("UTC").Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The page language now (two letters).</summary>
    public static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName is var l && Languages.Contains(l) ? l : Languages[0];

    /// <summary>The visitor's zone, or null when neither the query nor the cookie names a known one.</summary>
    public static DateTimeZone? TimeZone(HttpContext http) =>
        Zone(http.Request.Query[TimeZoneKey]) ?? Zone(http.Request.Cookies[TimeZoneKey]);

    /// <summary>
    /// The zone named by an IANA id, under its canonical id (browsers may report a link such as
    /// <c>America/Cordoba</c> for <c>America/Argentina/Cordoba</c>), or null.
    /// </summary>
    public static DateTimeZone? Zone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
        {
            return null;
        }
        id = id.Trim();
        // "UTC" is offered as it is (its canonical id is Etc/UTC).
        var canonical = id != "UTC" && TzdbDateTimeZoneSource.Default.CanonicalIdMap.TryGetValue(id, out var target) ? target : id;
        return DateTimeZoneProviders.Tzdb.GetZoneOrNull(canonical);
    }

    /// <summary>Remembers <c>?lang=</c> and <c>?tz=</c> of page requests in cookies (not for <c>/api</c> or <c>/connect</c>).</summary>
    public static async Task RememberChoices(HttpContext http, RequestDelegate next)
    {
        var request = http.Request;
        if (!request.Path.StartsWithSegments("/api") && !request.Path.StartsWithSegments("/connect") && HttpMethods.IsGet(request.Method))
        {
            var options = new CookieOptions
            {
                MaxAge = TimeSpan.FromDays(365),
                SameSite = SameSiteMode.Lax,
                Secure = request.IsHttps,
                Path = "/",
                IsEssential = true,
            };
            // Case-insensitive like the culture the page is rendered in (?lang=FR shows French, so it is remembered too).
            if (request.Query[LanguageKey].ToString().Trim().ToLowerInvariant() is var lang && Languages.Contains(lang))
            {
                http.Response.Cookies.Append(LanguageKey, lang, new CookieOptions(options) { HttpOnly = true });
            }
            // Readable by the page's script, which only writes it when it is absent.
            if (Zone(request.Query[TimeZoneKey]) is { } zone)
            {
                http.Response.Cookies.Append(TimeZoneKey, zone.Id, options);
            }
        }
        await next(http);
    }
}
