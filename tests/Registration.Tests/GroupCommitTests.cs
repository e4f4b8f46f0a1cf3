using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Conference.Registration.Seats;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Registration.Tests;

/// <summary>
/// <see cref="SeatGroupCommit"/>: registrations arriving together share one statement, and a group
/// holding a duplicate email or key still gives every attendee the answer a registration alone gets.
/// </summary>
public sealed class GroupCommitTests(RegistrationApp app) : IClassFixture<RegistrationApp>
{
    private SeatGroupCommit Group => app.Services.GetRequiredService<SeatGroupCommit>();

    [Fact]
    public async Task Eighty_simultaneous_registrations_are_committed_in_fewer_statements_each_with_its_row_and_event()
    {
        var session = await app.OpenSessionAsync(capacity: 200);
        var (statements, confirmed) = (Group.Statements, Group.Confirmed);

        var responses = await Task.WhenAll(Enumerable.Range(0, 80).Select(i => app.RegisterAsync(session, $"group{i}@example.org")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var answers = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.All(answers, a => Assert.Equal("confirmed", a.GetProperty("status").GetString()));
        Assert.Equal(80, Group.Confirmed - confirmed);
        var used = Group.Statements - statements;
        Assert.True(used < 80, $"80 registrations arriving together took {used} statements");

        Assert.Equal(80, (await app.SeatsAsync(session))!.Confirmed);
        var ids = answers.Select(a => a.GetProperty("id").GetGuid()).ToHashSet();
        var stored = await app.WithDbAsync(db => db.Registrations.AsNoTracking().Where(r => r.SessionId == session).ToListAsync());
        Assert.Equal(ids, stored.Select(r => r.Id).ToHashSet());
        Assert.All(stored, r => Assert.Equal(("confirmed", r.CreatedAt), (r.Status, r.ConfirmedAt!.Value)));
        foreach (var answer in answers.Take(5))
        {
            var id = answer.GetProperty("id").GetGuid();
            var evt = Assert.Single(await app.EventsAsync("RegistrationConfirmed", id));
            Assert.Equal(answer.GetProperty("manageToken").GetString(), evt.GetProperty("attendee").GetProperty("manageToken").GetString());
        }
    }

    [Fact]
    public async Task A_group_with_a_duplicate_email_and_a_repeated_key_answers_each_attendee_as_alone()
    {
        var session = await app.OpenSessionAsync(capacity: 40);

        var responses = await Task.WhenAll(
            Enumerable.Range(0, 30).Select(i => app.RegisterAsync(session, $"mixed{i}@example.org"))
                .Append(app.RegisterAsync(session, "twice@example.org"))
                .Append(app.RegisterAsync(session, " TWICE@example.org"))
                .Append(app.RegisterAsync(session, "keyed@example.org", idempotencyKey: "same-key"))
                .Append(app.RegisterAsync(session, "keyed@example.org", idempotencyKey: "same-key")));

        Assert.All(responses.Take(30), r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], responses.Skip(30).Take(2).Select(r => r.StatusCode).Order());
        var keyed = responses.Skip(32).ToList();
        Assert.All(keyed, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single((await Task.WhenAll(keyed.Select(r => r.Content.ReadAsStringAsync()))).Distinct());

        Assert.Equal(32, (await app.SeatsAsync(session))!.Confirmed);
        Assert.Equal(32, await app.WithDbAsync(db => db.Registrations.CountAsync(r => r.SessionId == session)));
    }

    [Fact]
    public async Task A_language_the_session_does_not_offer_is_refused_in_a_group_and_alone_and_takes_no_seat()
    {
        // The seat statement checks the language itself (no read of the session before it): a request in
        // another language must write nothing there and get the 422 of the path that reads the session.
        var session = await app.OpenSessionAsync(capacity: 30, languages: ["fr", "es"]);

        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
            app.RegisterAsync(session, $"lang{i}@example.org", language: i % 3 == 0 ? "de" : i % 3 == 1 ? " ES " : "fr")));

        var refused = responses.Where((_, i) => i % 3 == 0).ToList();
        Assert.All(refused, r => Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode));
        var problem = await refused[0].Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["language"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Contains("fr, es", problem.GetProperty("errors").GetProperty("language")[0].GetString());
        Assert.All(responses.Where((_, i) => i % 3 != 0), r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));

        Assert.Equal(16, (await app.SeatsAsync(session))!.Confirmed);
        var stored = await app.WithDbAsync(db => db.Registrations.AsNoTracking().Where(r => r.SessionId == session).Select(r => r.Language).ToListAsync());
        Assert.Equal((8, 8), (stored.Count(l => l == "es"), stored.Count(l => l == "fr")));
    }

    [Fact]
    public async Task A_burst_over_several_small_sessions_answers_everyone_without_exhausting_the_connection_pool()
    {
        // The group's loop once took its connection through a pooled DbContext and left it open: requests that
        // rented that context held the connection while waiting for the loop, until the pool (40 here) was empty
        // and the loop waited for a connection in turn (a tester's burst stalled Registration for 100 s).
        int[] capacities = [1, 2, 3, 5, 8];
        var sessions = new List<Guid>();
        foreach (var capacity in capacities)
        {
            sessions.Add(await app.OpenSessionAsync(capacity));
        }

        // As the tester sent it: each attendee tries three sessions, some emails three times over, some
        // Idempotency-Keys on every session (groups refused whole by the unique indexes go alone).
        var requests = new List<Task<HttpResponseMessage>>();
        for (var i = 0; i < 60; i++)
        {
            requests.AddRange(Enumerable.Range(0, 3).Select(k => app.RegisterAsync(sessions[(i + k) % 5], $"small{i}@example.org")));
        }
        for (var i = 0; i < 10; i++)
        {
            requests.AddRange(Enumerable.Range(0, 3).Select(_ => app.RegisterAsync(sessions[i % 5], $"thrice{i}@example.org")));
        }
        for (var i = 0; i < 5; i++)
        {
            requests.AddRange(sessions.Select(s => app.RegisterAsync(s, $"keyed{i}@example.org", idempotencyKey: $"key-{i}")));
        }

        var responses = await Task.WhenAll(requests).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(20, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict)); // two of each triple
        Assert.Equal(requests.Count - 20, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var total = 0;
        for (var s = 0; s < sessions.Count; s++)
        {
            var seats = await app.SeatsAsync(sessions[s]);
            Assert.Equal(capacities[s], seats!.Confirmed);
            total += seats.Confirmed + seats.Waitlisted;
        }
        Assert.Equal(requests.Count - 20, total);
    }

    [Fact]
    public async Task A_group_asking_more_seats_than_are_left_fills_them_exactly_and_waitlists_the_rest()
    {
        var session = await app.OpenSessionAsync(capacity: 7);

        var responses = await Task.WhenAll(Enumerable.Range(0, 25).Select(i => app.RegisterAsync(session, $"few{i}@example.org")));

        var answers = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Equal(7, answers.Count(a => a.GetProperty("status").GetString() == "confirmed"));
        Assert.Equal(Enumerable.Range(1, 18), answers.Where(a => a.GetProperty("status").GetString() == "waitlisted")
            .Select(a => a.GetProperty("waitlistPosition").GetInt32()).Order());
        var seats = await app.SeatsAsync(session);
        Assert.Equal((7, 18), (seats!.Confirmed, seats.Waitlisted));
    }
}
