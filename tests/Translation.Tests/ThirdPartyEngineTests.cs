using System.Text.Json;
using Conference.Translation.Engines;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Conference.Translation.Tests;

/// <summary>
/// LibreTranslate and DeepL clients against local fakes that follow their documented APIs
/// (LibreTranslate: POST /translate JSON {q, source, target, format, api_key} → {translatedText};
/// DeepL v2: POST /v2/translate, Authorization: DeepL-Auth-Key, JSON {text[], source_lang, target_lang} → {translations[{text}]}).
/// </summary>
public sealed class ThirdPartyEngineTests
{
    [Fact]
    public async Task LibreTranslate_sends_the_documented_request_and_reads_the_translation()
    {
        JsonElement? seen = null;
        await using var server = await new FakeHttpServer(async ctx =>
        {
            Assert.Equal("/translate", ctx.Request.Path.Value);
            seen = await JsonSerializer.DeserializeAsync<JsonElement>(ctx.Request.Body);
            var q = seen.Value.GetProperty("q");
            object translated = q.ValueKind == JsonValueKind.Array
                ? q.EnumerateArray().Select(x => "ES:" + x.GetString()).ToArray()
                : "ES:" + q.GetString();
            await ctx.Response.WriteAsJsonAsync(new { translatedText = translated });
        }).StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var engine = new LibreTranslateEngine(http, Options.Create(new LibreTranslateOptions { ApiKey = "k-123" }));

        var one = await engine.TranslateAsync("Bonjour", "fr", "es");
        Assert.Equal("ES:Bonjour", one);
        Assert.Equal(("Bonjour", "fr", "es", "text", "k-123"), (
            seen!.Value.GetProperty("q").GetString(), seen.Value.GetProperty("source").GetString(), seen.Value.GetProperty("target").GetString(),
            seen.Value.GetProperty("format").GetString(), seen.Value.GetProperty("api_key").GetString()));

        var many = await ((ITranslationEngine)engine).TranslateManyAsync(["Un", "Deux"], "fr", "es");
        Assert.Equal(["ES:Un", "ES:Deux"], many);
    }

    [Fact]
    public async Task LibreTranslate_errors_become_engine_errors_with_the_server_message()
    {
        await using var server = await new FakeHttpServer(async ctx =>
        {
            ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
            await ctx.Response.WriteAsJsonAsync(new { error = "Invalid API key" });
        }).StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var engine = new LibreTranslateEngine(http, Options.Create(new LibreTranslateOptions()));

        var error = await Assert.ThrowsAsync<TranslationEngineException>(() => engine.TranslateAsync("Bonjour", "fr", "es"));

        Assert.Contains("403", error.Message);
        Assert.Contains("Invalid API key", error.Message);
    }

    [Fact]
    public async Task DeepL_sends_the_key_header_and_language_codes_and_keeps_the_order()
    {
        string? auth = null;
        JsonElement? seen = null;
        await using var server = await new FakeHttpServer(async ctx =>
        {
            Assert.Equal(("POST", "/v2/translate"), (ctx.Request.Method, ctx.Request.Path.Value));
            auth = ctx.Request.Headers.Authorization;
            seen = await JsonSerializer.DeserializeAsync<JsonElement>(ctx.Request.Body);
            var texts = seen.Value.GetProperty("text").EnumerateArray().Select(t => t.GetString()).ToList();
            await ctx.Response.WriteAsJsonAsync(new { translations = texts.Select(t => new { detected_source_language = "FR", text = "EN:" + t }) });
        }).StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var engine = new DeepLEngine(http, Options.Create(new DeepLOptions { ApiKey = "abc:fx" }));

        var result = await engine.TranslateManyAsync(["Un", "Deux", "Trois"], "fr", "en");

        Assert.Equal(["EN:Un", "EN:Deux", "EN:Trois"], result);
        Assert.Equal("DeepL-Auth-Key abc:fx", auth);
        Assert.Equal(("FR", "EN-GB"), (seen!.Value.GetProperty("source_lang").GetString(), seen.Value.GetProperty("target_lang").GetString()));
    }

    [Fact]
    public async Task DeepL_quota_exceeded_is_an_engine_error()
    {
        await using var server = await new FakeHttpServer(async ctx =>
        {
            ctx.Response.StatusCode = 456;
            await ctx.Response.WriteAsJsonAsync(new { message = "Quota Exceeded" });
        }).StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var engine = new DeepLEngine(http, Options.Create(new DeepLOptions { ApiKey = "abc:fx" }));

        var error = await Assert.ThrowsAsync<TranslationEngineException>(() => engine.TranslateAsync("Bonjour", "fr", "en"));

        Assert.Contains("456", error.Message);
    }
}
