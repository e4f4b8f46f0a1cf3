using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Conference.Contracts;
using Conference.Messaging.Inbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Registration.Tests;

/// <summary>Session events delivered through the real RabbitMQ to this instance's own queues.</summary>
public sealed class SessionEventTests(RegistrationApp app) : IClassFixture<RegistrationApp>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Session_published_opens_the_seats_and_a_redelivered_reschedule_changes_nothing()
    {
        var observer = new ConsumedMessages();
        var bus = app.Services.GetRequiredService<IBus>();
        using var _ = bus.ConnectConsumeObserver(observer);
        var session = Guid.NewGuid();
        var start = new DateTimeOffset(2031, 6, 1, 17, 5, 0, TimeSpan.Zero);

        await Publish(bus, new SessionPublished(Guid.NewGuid(), DateTimeOffset.UtcNow, Snapshot(session, start, capacity: 160)), Guid.NewGuid());
        await Until(async () => await app.SeatsAsync(session) is not null);
        var availability = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/sessions/{session}/availability");
        Assert.Equal((160, 160), (availability.GetProperty("capacity").GetInt32(), availability.GetProperty("remaining").GetInt32()));

        var rescheduleId = Guid.NewGuid();
        var moved = start.AddDays(7);
        await Publish(bus, new SessionRescheduled(Guid.NewGuid(), DateTimeOffset.UtcNow, session, moved, moved.AddMinutes(90), 2), rescheduleId);
        await Until(() => Task.FromResult(observer.Count(rescheduleId) == 1));
        Assert.Equal(moved, (await app.SeatsAsync(session))!.StartsAt);

        // The same message id again (a redelivery), carrying a later version so that processing it would show.
        var other = start.AddDays(30);
        await Publish(bus, new SessionRescheduled(Guid.NewGuid(), DateTimeOffset.UtcNow, session, other, other.AddMinutes(90), 3), rescheduleId);
        await Until(() => Task.FromResult(observer.Count(rescheduleId) == 2));

        var seats = await app.SeatsAsync(session);
        Assert.Equal((moved, 2), (seats!.StartsAt, seats.ScheduleVersion));
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<InboxMessage>().CountAsync(m => m.MessageId == rescheduleId)));
    }

    [Fact]
    public async Task A_reschedule_that_overtakes_the_publication_is_retried_and_wins_over_its_older_schedule()
    {
        var observer = new ConsumedMessages();
        var bus = app.Services.GetRequiredService<IBus>();
        using var _ = bus.ConnectConsumeObserver(observer);
        var session = Guid.NewGuid();
        var cardStart = new DateTimeOffset(2021, 6, 1, 17, 5, 0, TimeSpan.Zero);
        var moved = DateTimeOffset.UtcNow.AddYears(5);
        moved = new DateTimeOffset(moved.Year, 6, 1, 17, 5, 0, TimeSpan.Zero);

        var rescheduled = Guid.NewGuid();
        await Publish(bus, new SessionRescheduled(Guid.NewGuid(), DateTimeOffset.UtcNow, session, moved, moved.AddMinutes(90), 1), rescheduled);
        // Its first attempt starts, finds no counter and fails (the bus retries it 200 ms later, then longer).
        await Until(() => Task.FromResult(observer.Attempts(rescheduled) >= 1));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal((0, null), (observer.Count(rescheduled), await app.SeatsAsync(session)));

        await Publish(bus, new SessionPublished(Guid.NewGuid(), DateTimeOffset.UtcNow, Snapshot(session, cardStart, capacity: 160) with { ScheduleVersion = 0 }), Guid.NewGuid());
        await Until(() => Task.FromResult(observer.Count(rescheduled) == 1));

        var seats = await app.SeatsAsync(session);
        Assert.Equal((moved, moved.AddMinutes(90), 1), (seats!.StartsAt, seats.EndsAt, seats.ScheduleVersion));
        var availability = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/sessions/{session}/availability");
        Assert.Equal(160, availability.GetProperty("remaining").GetInt32());
    }

    [Fact]
    public async Task A_late_publication_keeps_the_counts_and_an_older_reschedule_is_ignored()
    {
        var observer = new ConsumedMessages();
        var bus = app.Services.GetRequiredService<IBus>();
        using var _ = bus.ConnectConsumeObserver(observer);
        var start = DateTimeOffset.UtcNow.AddDays(10);
        var session = await app.OpenSessionAsync(capacity: 2);
        await app.RegisterAsync(session, "kept@example.org");

        var published = Guid.NewGuid();
        await Publish(bus, new SessionPublished(Guid.NewGuid(), DateTimeOffset.UtcNow, Snapshot(session, start, capacity: 50) with { ScheduleVersion = 3 }), published);
        var stale = Guid.NewGuid();
        await Publish(bus, new SessionRescheduled(Guid.NewGuid(), DateTimeOffset.UtcNow, session, start.AddDays(-5), start.AddDays(-5).AddMinutes(90), 2), stale);
        await Until(() => Task.FromResult(observer.Count(published) == 1 && observer.Count(stale) == 1));

        var seats = await app.SeatsAsync(session);
        Assert.Equal((2, 1, 3), (seats!.Capacity, seats.Confirmed, seats.ScheduleVersion));
        Assert.Equal(start.ToUnixTimeMilliseconds(), seats.StartsAt.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Session_cancelled_ends_every_registration_with_an_event_and_refuses_new_ones()
    {
        var bus = app.Services.GetRequiredService<IBus>();
        var session = await app.OpenSessionAsync(capacity: 1);
        var seat = (await (await app.RegisterAsync(session, "seat@example.org")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var waiting = (await (await app.RegisterAsync(session, "wait@example.org")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        await Publish(bus, new SessionCancelled(Guid.NewGuid(), DateTimeOffset.UtcNow, session, "Speaker unavailable"), Guid.NewGuid());
        await Until(async () => (await app.SeatsAsync(session))!.Status == "cancelled");

        var seatEvent = Assert.Single(await app.EventsAsync("RegistrationCancelled", seat));
        Assert.Equal(("session-cancelled", true), (seatEvent.GetProperty("reason").GetString(), seatEvent.GetProperty("heldSeat").GetBoolean()));
        var waitEvent = Assert.Single(await app.EventsAsync("RegistrationCancelled", waiting));
        Assert.False(waitEvent.GetProperty("heldSeat").GetBoolean());
        Assert.Empty(await app.EventsAsync("RegistrationPromoted", waiting));

        var refused = await app.RegisterAsync(session, "new@example.org");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("session-cancelled", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        var seats = await app.SeatsAsync(session);
        Assert.Equal((0, 0), (seats!.Confirmed, seats.Waitlisted));
    }

    private static Task Publish<T>(IBus bus, T message, Guid messageId) where T : class =>
        bus.Publish(message, ctx => ctx.MessageId = messageId);

    private static async Task Until(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (!await condition())
        {
            await Task.Delay(50, deadline.Token);
        }
    }

    private static SessionSnapshot Snapshot(Guid id, DateTimeOffset start, int capacity) =>
        new(id, "3.2.2", "workshop", "fr", ["en", "fr", "es"], ["OIT", "ADEC", "FAMSI"], start, start.AddMinutes(90), [-180, 120],
            "Zoom", capacity, true, new Dictionary<string, IReadOnlyDictionary<string, string>>(), null, 1);

    /// <summary>Counts every message a consumer of this instance finished, by message id (skipped redeliveries included).</summary>
    private sealed class ConsumedMessages : IConsumeObserver
    {
        private readonly ConcurrentDictionary<Guid, int> _counts = new();
        private readonly ConcurrentDictionary<Guid, int> _attempts = new();

        public int Count(Guid messageId) => _counts.GetValueOrDefault(messageId);

        public Task PreConsume<T>(ConsumeContext<T> context) where T : class
        {
            if (context.MessageId is { } id)
            {
                _attempts.AddOrUpdate(id, 1, (_, n) => n + 1);
            }
            return Task.CompletedTask;
        }

        public Task PostConsume<T>(ConsumeContext<T> context) where T : class
        {
            if (context.MessageId is { } id)
            {
                _counts.AddOrUpdate(id, 1, (_, n) => n + 1);
            }
            return Task.CompletedTask;
        }

        /// <summary>Attempts at the message begun (each retry counts).</summary>
        public int Attempts(Guid messageId) => _attempts.GetValueOrDefault(messageId);

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }
}
