using System.Net;

namespace Conference.Catalog.Tests.Api;

/// <summary>HEAD on Catalog's reads answers as GET without the body (RFC 9110 §9.3.2; ServiceDefaults' HeadAsGet).</summary>
public sealed class HeadRequestTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    [Theory]
    [InlineData("/api/v1/sessions")]
    [InlineData("/api/v1/programme")]
    public async Task HEAD_on_a_read_is_its_GET_without_the_body(string path)
    {
        var client = app.Client(null);
        using var get = await client.GetAsync(path);
        var length = (await get.Content.ReadAsByteArrayAsync()).Length;

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("application/json", head.Content.Headers.ContentType?.MediaType);
        Assert.Equal(length, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task HEAD_on_an_unknown_session_is_404_without_the_body()
    {
        using var head = await app.Client(null).SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/v1/sessions/{Guid.NewGuid()}"));

        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }
}
