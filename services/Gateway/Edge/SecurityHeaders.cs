namespace Conference.Gateway.Edge;

/// <summary>
/// Security headers on every answer: a Content-Security-Policy allowing scripts, styles and
/// images from the gateway only (no inline script, no framing, forms post back to the gateway
/// only), <c>X-Content-Type-Options: nosniff</c>, <c>Referrer-Policy: same-origin</c> (manage links
/// carry their token in the query and must not leak to other sites), <c>X-Frame-Options: DENY</c>
/// for older browsers. The API reference UI (<see cref="ApiReferencePath"/>) needs inline styles
/// and its own start-up script, and is given exactly that.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    /// <summary>Where the browsable API reference lives (Scalar).</summary>
    public const string ApiReferencePath = "/api/reference";

    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    private const string ApiReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    public Task InvokeAsync(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments(ApiReferencePath) ? ApiReferencePolicy : ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        headers.XFrameOptions = "DENY";
        return next(http);
    }
}
