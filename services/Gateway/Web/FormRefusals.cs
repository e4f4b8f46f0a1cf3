using Conference.Gateway.Web.Localization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.Extensions.Localization;

namespace Conference.Gateway.Web;

/// <summary>
/// A page form the framework refuses with <c>400</c> — its antiforgery token missing or stale (a page
/// left open until its cookie went), a form name (<c>_handler</c>) no form of the page has, a body
/// that is no readable form — answers <c>400</c> with a page in the visitor's language: "This form has
/// expired. Reload the page and try again." (problem details for a client that does not ask for HTML),
/// instead of the framework's text for developers or an empty page. No page answers 400 itself
/// (field problems are 422, <see cref="Components.PageStatus"/>), so every 400 of a form post is one of these.
/// A form post's page is held in memory until its status is known (a page is a few tens of KB, posts are
/// rate-limited): the framework writes its text before anything could replace it.
/// </summary>
internal sealed class FormRefusals(RequestDelegate next, IStringLocalizer<Texts> texts, IProblemDetailsService problems, ILogger<FormRefusals> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (!HttpMethods.IsPost(http.Request.Method) || http.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is null)
        {
            await next(http);
            return;
        }
        var body = http.Response.Body;
        await using var page = new MemoryStream();
        http.Response.Body = page;
        var unreadable = false;
        try
        {
            await next(http);
        }
        catch (InvalidDataException) when (!http.Response.HasStarted)
        {
            // The form could not be read (more fields than FormOptions allow, a broken multipart body).
            unreadable = true;
        }
        finally
        {
            http.Response.Body = body;
        }
        if (unreadable || http.Response.StatusCode == StatusCodes.Status400BadRequest)
        {
            logger.LogInformation("A form posted to {Path} was refused (antiforgery token, form name or body)", http.Request.Path.Value);
            await RefuseAsync(http);
            return;
        }
        page.Position = 0;
        await page.CopyToAsync(body, http.RequestAborted);
    }

    private async Task RefuseAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        http.Response.ContentLength = null;
        if (NoticePage.WantsHtml(http.Request))
        {
            await NoticePage.WriteAsync(http, texts, "FormExpired", "ReloadPage", http.RequestAborted);
            return;
        }
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = StatusCodes.Status400BadRequest, Title = "This form has expired", Detail = "Reload the page and try again." },
        });
    }
}
