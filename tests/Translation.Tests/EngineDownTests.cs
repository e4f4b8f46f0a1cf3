using Conference.Contracts;
using Conference.Messaging.Outbox;
using MassTransit;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Conference.Translation.Tests;

/// <summary>Failure drill: Apertium is down while a session is published, then comes back.</summary>
public sealed class EngineDownTests
{
    [Fact]
    public async Task Translations_published_while_the_engine_is_down_arrive_once_it_is_back()
    {
        var up = false;
        using var forward = new HttpClient { BaseAddress = new Uri(TranslationHost.ApertiumUrl.TrimEnd('/') + "/") };
        // Stands between the service and the real Apertium: 503 while "down", the real answer once "up".
        await using var gate = await new FakeHttpServer(async ctx =>
        {
            if (!Volatile.Read(ref up))
            {
                ctx.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }
            using var request = new HttpRequestMessage(new HttpMethod(ctx.Request.Method), ctx.Request.Path.Value!.TrimStart('/') + ctx.Request.QueryString);
            if (ctx.Request.ContentLength > 0 || ctx.Request.HasFormContentType)
            {
                request.Content = new StreamContent(ctx.Request.Body);
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ctx.Request.ContentType);
            }
            using var response = await forward.SendAsync(request);
            ctx.Response.StatusCode = (int)response.StatusCode;
            ctx.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            await response.Content.CopyToAsync(ctx.Response.Body);
        }).StartAsync();

        var host = new TranslationHost { Apertium = gate.BaseAddress.ToString() };
        await host.InitializeAsync();
        try
        {
            var session = SessionCard.Snapshot();
            await host.Harness.Bus.Publish(new SessionPublished(OutboxExtensions.NewEventId(), DateTimeOffset.UtcNow, session));

            var failing = await TranslationHost.EventuallyAsync(
                () => host.QueryAsync(db => db.Jobs.AsNoTracking().Where(j => j.SessionId == session.SessionId).ToListAsync()),
                jobs => jobs.Count == 2 && jobs.All(j => j.Pending && j.Attempts >= 1 && j.LastError != null));
            Assert.Empty(await host.OutboxAsync<SessionTranslated>());
            Assert.All(failing, j => Assert.True(j.NextAttemptAt > DateTimeOffset.UtcNow.AddSeconds(-30)));

            Volatile.Write(ref up, true);

            var events = await TranslationHost.EventuallyAsync(
                async () => (await host.OutboxAsync<SessionTranslated>()).Where(e => e.SessionId == session.SessionId).ToList(),
                e => e.Count == 2, seconds: 90);
            Assert.Equal(["en", "es"], events.Select(e => e.Language).Order());
            Assert.All(events, e => Assert.Equal(4, e.Fields.Count));
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
