using System.Text.Json;
using Conference.Integration.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Conference.Integration.Tests;

/// <summary>
/// <c>session.published</c> first (docs/api-contract.md, "Webhook deliveries"): events travel on
/// separate queues, and one that reaches Integration before its session's <c>SessionPublished</c> waits
/// for it, even when the session is already known from its draft's audit (<c>PartnerActionRecorded</c>).
/// On the real PostgreSQL and RabbitMQ, waiting as production does (<see cref="PatientIntegrationApp"/>).
/// </summary>
public sealed class PublicationOrderTests(PatientIntegrationApp app) : IClassFixture<PatientIntegrationApp>, IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task A_reschedule_consumed_before_the_publication_of_a_session_known_from_its_draft_reaches_the_partner_after_it()
    {
        var url = _receiver.NewUrl(out var path);
        // An organiser of its own: every test host on the broker receives every event (the exchanges
        // are shared), so the other classes' OIT and ADEC sessions must not reach this subscription.
        await app.SubscribeAsync("ORDERTEST", url, EventKinds.SessionPublished, EventKinds.SessionRescheduled);
        var story = new SessionStory("ORDERTEST");
        var imported = story.Imported();
        var published = story.Published();
        var rescheduled = story.Rescheduled();
        await app.PublishAsync(imported, imported.EventId);
        await IntegrationApp.EventuallyAsync(() => app.QueryAsync(db => db.Sessions.AnyAsync(s => s.Id == story.SessionId)), known => known);
        Assert.Null(await app.QueryAsync(db => db.Sessions.Where(s => s.Id == story.SessionId).Select(s => s.PublishedAt).SingleAsync()));

        await app.PublishAsync(rescheduled, rescheduled.EventId);
        // Its first tries (at about 0, 0.2 and 0.9 s) find the draft's copy but no publication: held back.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.False(await app.QueryAsync(db => db.Events.AnyAsync(e => e.Id == rescheduled.EventId)));
        Assert.Empty(_receiver.On(path));
        await app.PublishAsync(published, published.EventId);

        var received = await IntegrationApp.EventuallyAsync(() => _receiver.On(path), r => r.Count == 2);
        Assert.Equal(["session.published", "session.rescheduled"], received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString()));
        Assert.Equal([published.EventId.ToString(), rescheduled.EventId.ToString()], received.Select(r => r.Headers["webhook-id"].ToString()));
        Assert.All(received, r => Assert.Equal(200, r.Status));
        var copy = await app.QueryAsync(db => db.Sessions.AsNoTracking().SingleAsync(s => s.Id == story.SessionId));
        Assert.Equal(published.OccurredAt.UtcTicks / 10, copy.PublishedAt?.UtcTicks / 10); // PostgreSQL keeps microseconds
    }
}
