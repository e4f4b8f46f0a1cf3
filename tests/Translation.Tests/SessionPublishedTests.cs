using Conference.Contracts;
using Conference.Messaging.Outbox;
using Conference.Messaging.Inbox;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;

namespace Conference.Translation.Tests;

/// <summary>SessionPublished → machine translation with the real Apertium → SessionTranslated in the outbox (real PostgreSQL).</summary>
public sealed class SessionPublishedTests(TranslationHost host) : IClassFixture<TranslationHost>
{
    [Fact]
    public async Task Publishing_the_French_card_stages_machine_translations_into_English_and_Spanish()
    {
        var session = SessionCard.Snapshot();

        await host.Harness.Bus.Publish(new SessionPublished(OutboxExtensions.NewEventId(), DateTimeOffset.UtcNow, session));

        var events = await TranslationHost.EventuallyAsync(
            async () => (await host.OutboxAsync<SessionTranslated>()).Where(e => e.SessionId == session.SessionId).ToList(),
            e => e.Count == 2);
        Assert.Equal(["en", "es"], events.Select(e => e.Language).Order());
        foreach (var e in events)
        {
            Assert.Equal("machine", e.Origin);
            Assert.Equal("apertium", e.Engine);
            Assert.Equal(["conceptualisation", "objectives", "summary", "title"], e.Fields.Keys.Order());
            Assert.All(e.Fields.Values, t => Assert.DoesNotContain('*', t));
            Assert.Equal(6, e.Fields["conceptualisation"].Split("\n\n").Length);
        }
        var spanish = events.Single(e => e.Language == "es").Fields;
        var english = events.Single(e => e.Language == "en").Fields;
        Assert.Contains("innovación social", spanish["summary"]);
        Assert.Contains("social innovation", english["summary"]);
        // The forum glossary: terms come out as the forum writes them.
        Assert.Contains("LED", english["title"]);
        Assert.Contains("community enterprises", english["title"]);
        Assert.Contains("green economy", english["title"]);
        Assert.Contains("Objetivos de Desarrollo Sostenible", spanish["conceptualisation"]);
        Assert.Contains("Sustainable Development Goals", english["conceptualisation"]);
        Assert.Contains("Social and Solidarity Economy", english["conceptualisation"]);
        Assert.Contains("economía social y solidaria", spanish["conceptualisation"], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("diálogo social", spanish["conceptualisation"]);
        Assert.All(events.SelectMany(e => e.Fields.Values), t => Assert.DoesNotContain("&#39;", t));
        Assert.All(events.SelectMany(e => e.Fields.Values), t => Assert.DoesNotContain("&amp;", t));
        Assert.All(events.SelectMany(e => e.Fields.Values), t => Assert.DoesNotContain("ZGLZ", t));
    }

    [Fact]
    public async Task A_redelivered_SessionPublished_translates_nothing_twice()
    {
        var session = SessionCard.Snapshot();
        var published = new SessionPublished(OutboxExtensions.NewEventId(), DateTimeOffset.UtcNow, session);

        await host.Harness.Bus.Publish(published, ctx => ctx.MessageId = published.EventId);
        await TranslationHost.EventuallyAsync(
            async () => (await host.OutboxAsync<SessionTranslated>()).Count(e => e.SessionId == session.SessionId), n => n == 2);
        var republishedAt = DateTimeOffset.UtcNow;
        await host.Harness.Bus.Publish(published, ctx => ctx.MessageId = published.EventId);
        var again = new SessionPublished(OutboxExtensions.NewEventId(), published.OccurredAt, session);
        await host.Harness.Bus.Publish(again, ctx => ctx.MessageId = again.EventId);
        await TranslationHost.EventuallyAsync(
            () => host.QueryAsync(db => db.Set<InboxMessage>().CountAsync(m => m.MessageId == again.EventId)), n => n == 1);
        // The worker runs the jobs again and finds every field current.
        await TranslationHost.EventuallyAsync(
            () => host.QueryAsync(db => db.Jobs.Where(j => j.SessionId == session.SessionId).ToListAsync()),
            jobs => jobs.Count == 2 && jobs.All(j => !j.Pending && j.CompletedAt > republishedAt));

        Assert.Equal(2, (await host.OutboxAsync<SessionTranslated>()).Count(e => e.SessionId == session.SessionId));
    }
}
