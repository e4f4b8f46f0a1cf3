using Conference.Messaging;
using Conference.Notification.Data;
using Conference.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Notification.Tests;

/// <summary>
/// Messaging's <see cref="MessagingHousekeeping{TContext}"/> (the same in every service; tested on
/// Notification's database): old dispatched outbox rows and old inbox records go, everything a
/// redelivery or the relay may still need stays.
/// </summary>
public sealed class MessagingHousekeepingTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Rows_older_than_the_retention_are_deleted_and_pending_or_recent_ones_kept()
    {
        await using var host = await NotificationHost.StartAsync(database);
        var housekeeping = host.Services.GetRequiredService<MessagingHousekeeping<NotificationDbContext>>();
        Assert.Equal(TimeSpan.FromDays(7), housekeeping.Retention);
        var now = host.Time.GetUtcNow();
        var old = now.AddDays(-10);
        var recent = now.AddDays(-1);

        var oldDispatched = Guid.CreateVersion7(old);
        var oldPending = Guid.CreateVersion7(old);          // never published: the relay still needs it
        var oldPublishedLate = Guid.CreateVersion7(old);    // published yesterday after a long outage
        var recentDispatched = Guid.CreateVersion7(recent);
        // 5,003 old inbox records: more than one DELETE batch.
        var oldInbox = Enumerable.Range(0, MessagingHousekeeping<NotificationDbContext>.BatchSize + 3).Select(i => Guid.CreateVersion7(old.AddMilliseconds(i))).ToArray();
        var oldMessageProcessedRecently = Guid.CreateVersion7(old);
        var recentInbox = Guid.CreateVersion7(recent);
        const string empty = "{}";
        await using (var scope = host.Scope(out var db))
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO outbox_messages (id, message_type, payload, occurred_at, dispatched_at, attempts) VALUES
                ({oldDispatched}, 't', CAST({empty} AS jsonb), {old}, {old}, 0),
                ({oldPending}, 't', CAST({empty} AS jsonb), {old}, NULL, 3),
                ({oldPublishedLate}, 't', CAST({empty} AS jsonb), {old}, {recent}, 9),
                ({recentDispatched}, 't', CAST({empty} AS jsonb), {recent}, {recent}, 0)
                """);
            await db.Database.ExecuteSqlAsync($"INSERT INTO inbox_messages (message_id, consumer, processed_at) SELECT unnest({oldInbox}), 'c', {old}");
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO inbox_messages (message_id, consumer, processed_at) VALUES
                ({oldMessageProcessedRecently}, 'c', {recent}), ({recentInbox}, 'c', {recent}), ({oldInbox[0]}, 'other', {recent})
                """);
        }

        var (outbox, inbox) = await housekeeping.PurgeAsync(CancellationToken.None);

        Assert.Equal((1L, (long)oldInbox.Length), (outbox, inbox));
        await using (var scope = host.Scope(out var db))
        {
            var outboxLeft = await db.Database.SqlQuery<Guid>($"SELECT id AS \"Value\" FROM outbox_messages WHERE message_type = 't'").ToListAsync();
            Assert.Equal(new[] { oldPending, oldPublishedLate, recentDispatched }.Order(), outboxLeft.Order());
            var inboxLeft = await db.Database.SqlQuery<string>($"SELECT message_id::text || '/' || consumer AS \"Value\" FROM inbox_messages WHERE consumer IN ('c', 'other')").ToListAsync();
            Assert.Equal(new[] { $"{oldMessageProcessedRecently}/c", $"{recentInbox}/c", $"{oldInbox[0]}/other" }.Order(), inboxLeft.Order());
        }
        // Nothing left to delete: a second run deletes nothing.
        Assert.Equal((0L, 0L), await housekeeping.PurgeAsync(CancellationToken.None));
    }

    [Fact]
    public void The_uuid_v7_floor_of_an_instant_sorts_below_every_uuid_v7_made_from_then_on_and_above_those_made_before()
    {
        var instant = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
        var floor = MessagingHousekeeping<NotificationDbContext>.UuidV7Floor(instant);
        Assert.Equal("01a2272d-2600-7000-8000-000000000000", floor.ToString());
        // PostgreSQL compares uuids as their 16 bytes in order; so does this (big-endian bytes).
        static string Key(Guid g) => Convert.ToHexString(g.ToByteArray(bigEndian: true));
        for (var i = 0; i < 100; i++)
        {
            Assert.True(string.CompareOrdinal(Key(Guid.CreateVersion7(instant.AddMilliseconds(-1))), Key(floor)) < 0);
            Assert.True(string.CompareOrdinal(Key(Guid.CreateVersion7(instant)), Key(floor)) > 0);
        }
    }
}
