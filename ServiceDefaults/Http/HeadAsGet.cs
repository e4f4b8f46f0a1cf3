using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Conference.ServiceDefaults.Http;

/// <summary>
/// <c>HEAD</c> works wherever <c>GET</c> does, in every service and the gateway (pages and API): the
/// request is answered as the <c>GET</c> would be — same status and headers, with <c>Content-Length</c>
/// the size the body would have had when the endpoint set none — and the body is dropped
/// (RFC 9110 §9.3.2: "identical to GET except that the server MUST NOT send content"). Endpoints are
/// mapped for <c>GET</c> only, which on its own answers <c>HEAD</c> with 405 (a tester found it on
/// <c>HEAD /</c> and <c>HEAD /api/v1/sessions</c>). Where <c>GET</c> is not allowed, neither is
/// <c>HEAD</c> (405). Through the gateway the services receive the <c>GET</c>. Registered first in
/// every pipeline by AddServiceDefaults.
/// </summary>
public sealed class HeadAsGet(RequestDelegate next)
{
    /// <summary>Serves a HEAD request as GET without its body; other requests pass unchanged.</summary>
    public async Task InvokeAsync(HttpContext http)
    {
        if (!HttpMethods.IsHead(http.Request.Method))
        {
            await next(http);
            return;
        }
        var original = http.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        var discarded = new CountingNullStream();
        var body = new StreamResponseBodyFeature(discarded, original);
        http.Features.Set<IHttpResponseBodyFeature>(body);
        http.Request.Method = HttpMethods.Get;
        try
        {
            await next(http);
            await body.CompleteAsync(); // flushes what the endpoint wrote through the pipe writer
            var response = http.Response;
            if (!response.HasStarted && response.ContentLength is null && discarded.Count > 0
                && !response.Headers.ContainsKey(HeaderNames.TransferEncoding))
            {
                response.ContentLength = discarded.Count;
            }
        }
        finally
        {
            http.Request.Method = HttpMethods.Head;
            http.Features.Set(original);
        }
    }

    /// <summary>A write-only stream that keeps nothing and counts the bytes written to it.</summary>
    private sealed class CountingNullStream : Stream
    {
        public long Count { get; private set; }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Count;
        public override long Position { get => Count; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Count += count;
        public override void Write(ReadOnlySpan<byte> buffer) => Count += buffer.Length;
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Count += count;
            return Task.CompletedTask;
        }
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Count += buffer.Length;
            return ValueTask.CompletedTask;
        }
        public override void Flush() { }
        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

/// <summary>Puts <see cref="HeadAsGet"/> first in every pipeline (registered by AddServiceDefaults).</summary>
internal sealed class HeadAsGetStartup : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<HeadAsGet>();
        next(app);
    };
}
