using System.Globalization;
using System.Text.Encodings.Web;
using Conference.Gateway.Web.Localization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace Conference.Gateway.Web;

/// <summary>
/// A short page in the visitor's language saying one thing (a service is down, a form has expired),
/// with a link back to the address asked, for the answers the gateway gives in place of a page
/// (<see cref="ServiceUnavailableHandler"/>, <see cref="FormRefusals"/>). The status is the caller's.
/// </summary>
internal static class NoticePage
{
    /// <summary>Whether the request is a browser's for a page (not <c>/api</c>, <c>Accept: text/html</c>); others get problem details.</summary>
    public static bool WantsHtml(HttpRequest request) =>
        !request.Path.StartsWithSegments("/api")
        && request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Writes the page: <paramref name="messageKey"/> is a key of <see cref="Texts"/>, <paramref name="linkText"/>
    /// one too or a text said in no language (the localizer answers a missing key with itself: <c>↻</c>).
    /// </summary>
    public static async Task WriteAsync(HttpContext http, IStringLocalizer<Texts> texts, string messageKey, string linkText, CancellationToken ct)
    {
        // Exception handlers run after request localization has returned: take the visitor's language from its feature.
        if (http.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture is { } culture)
        {
            CultureInfo.CurrentUICulture = culture;
        }
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        // The pages' encoder (WebPages): accented letters stay letters, markup characters are encoded.
        var html = http.RequestServices.GetRequiredService<HtmlEncoder>();
        var message = html.Encode(texts[messageKey]);
        var link = html.Encode(texts[linkText]);
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(
            $"<!DOCTYPE html><html lang=\"{language}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
            $"<title>{html.Encode(texts["ForumName"])}</title></head><body><main><p role=\"alert\">{message}</p>" +
            $"<p><a href=\"{html.Encode(http.Request.Path + http.Request.QueryString)}\">{link}</a></p></main></body></html>", ct);
    }
}
