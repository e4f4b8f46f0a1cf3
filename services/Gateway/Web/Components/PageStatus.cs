using Microsoft.AspNetCore.Diagnostics;

namespace Conference.Gateway.Web.Components;

/// <summary>
/// The status code of a page that renders its own explanation (404 unknown session or manage link,
/// 503 a service is down, 422 field problems): status-code pages, which answer problem details for
/// bodiless errors of the API, must leave the page's HTML alone.
/// </summary>
public static class PageStatus
{
    public static void Set(HttpContext http, int statusCode)
    {
        if (http.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }
        if (statusCode == StatusCodes.Status404NotFound)
        {
            // A 404 set while rendering makes the component renderer drop the page for a "not found"
            // page of the router; this page explains itself, so 404 is set as the response starts.
            http.Response.OnStarting(() =>
            {
                http.Response.StatusCode = statusCode;
                return Task.CompletedTask;
            });
            return;
        }
        http.Response.StatusCode = statusCode;
    }
}
