using Conference.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Registration.Tests;

/// <summary>
/// Messaging's outbox relay (here on Registration's database): a row that cannot be published keeps
/// waiting, with its attempts counted and the reason recorded for ops; nothing is marked dispatched.
/// (Publication itself is exercised end to end: EndToEnd.Tests.)
/// </summary>
public sealed class OutboxRelayTests(RegistrationApp app) : IClassFixture<RegistrationApp>
{
    [Fact]
    public async Task Rows_that_cannot_be_published_keep_waiting_with_their_attempts_and_reason()
    {
        var relay = app.Services.GetRequiredService<IOutboxRelay>();
        var first = OutboxExtensions.NewEventId();
        var second = OutboxExtensions.NewEventId();
        const string payload = "{\"sessionId\":\"00000000-0000-0000-0000-000000000000\"}";
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"""
            INSERT INTO outbox_messages (id, message_type, payload, occurred_at, attempts) VALUES
            ({first}, 'Conference.Contracts.NoSuchEvent', CAST({payload} AS jsonb), now(), 0),
            ({second}, 'Conference.Contracts.NorThisOne', CAST({payload} AS jsonb), now(), 4)
            """));

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => relay.RelayNowAsync(CancellationToken.None));

        Assert.Equal("Unknown message type Conference.Contracts.NoSuchEvent", thrown.Message);
        var rows = await app.WithDbAsync(db => db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Id == first || m.Id == second).OrderBy(m => m.Sequence).ToListAsync());
        Assert.Equal(
            [(first, 1, "Unknown message type Conference.Contracts.NoSuchEvent", (DateTimeOffset?)null),
             (second, 5, "Unknown message type Conference.Contracts.NorThisOne", null)],
            rows.Select(r => (r.Id, r.Attempts, r.LastError, r.DispatchedAt)));
    }
}
