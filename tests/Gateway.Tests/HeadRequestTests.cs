using System.Net;

namespace Conference.Gateway.Tests;

/// <summary>
/// HEAD works wherever GET does (RFC 9110 §9.3.2), pages and API alike: the GET's status and headers,
/// no body (ServiceDefaults' HeadAsGet; a tester found 405 on <c>HEAD /</c> and <c>HEAD /api/v1/sessions</c>).
/// </summary>
public sealed class HeadRequestTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData("/api/v1/sessions", "application/json")]
    [InlineData("/api/v1/programme", "application/json")]
    [InlineData("/api/openapi/catalog.json", "application/json")]
    [InlineData("/", "text/html")]
    [InlineData("/api", "text/html")]
    public async Task HEAD_answers_what_GET_answers_without_the_body(string path, string mediaType)
    {
        using var client = fixture.Gateway.CreateClient();
        using var get = await client.GetAsync(path);
        var getBody = await get.Content.ReadAsByteArrayAsync();

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(mediaType, head.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.True(head.Content.Headers.ContentLength > 0, $"Content-Length: {head.Content.Headers.ContentLength}");
        if (mediaType == "application/json")
        {
            Assert.Equal(getBody.Length, head.Content.Headers.ContentLength); // the same document, byte for byte
        }
    }

    [Fact]
    public async Task HEAD_on_a_session_reaches_catalog_as_a_read()
    {
        using var client = fixture.Gateway.CreateClient();

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/v1/sessions/{FakeServices.Workshop}"));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Contains($"GET /api/v1/sessions/{FakeServices.Workshop}", fixture.Services.Requests);
    }

    [Fact]
    public async Task HEAD_where_GET_is_not_allowed_is_still_405()
    {
        using var client = fixture.Gateway.CreateClient();

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/v1/sessions/import"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }
}
