using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Conference.Registration.Tests;

public sealed class RegisteringTests(RegistrationApp app) : IClassFixture<RegistrationApp>
{
    [Fact]
    public async Task Registering_with_a_free_seat_confirms_and_stages_the_confirmation_event()
    {
        var session = await app.OpenSessionAsync(capacity: 2);

        var response = await app.RegisterAsync(session, "  Ana.Perez@Example.org ");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = answer.GetProperty("id").GetGuid();
        var token = answer.GetProperty("manageToken").GetString()!;
        Assert.Equal("confirmed", answer.GetProperty("status").GetString());
        Assert.False(answer.TryGetProperty("waitlistPosition", out _));
        Assert.True(token.Length >= 22, "at least 128 random bits");
        Assert.Equal($"/api/v1/registrations/{id}", response.Headers.Location!.OriginalString);

        var stored = await app.WithDbAsync(db => db.Registrations.AsNoTracking().SingleAsync(r => r.Id == id));
        Assert.Equal("Ana.Perez@Example.org", stored.Email);
        Assert.Equal("ana.perez@example.org", stored.NormalisedEmail);
        Assert.NotEqual(token, stored.ManageTokenHash);

        var evt = Assert.Single(await app.EventsAsync("RegistrationConfirmed", id));
        var attendee = evt.GetProperty("attendee");
        Assert.Equal(session, attendee.GetProperty("sessionId").GetGuid());
        Assert.Equal("Ana.Perez@Example.org", attendee.GetProperty("email").GetString());
        Assert.Equal("fr", attendee.GetProperty("language").GetString());
        Assert.Equal("America/Montevideo", attendee.GetProperty("timeZone").GetString());
        Assert.Equal(token, attendee.GetProperty("manageToken").GetString());

        var availability = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/sessions/{session}/availability");
        Assert.Equal(2, availability.GetProperty("capacity").GetInt32());
        Assert.Equal(1, availability.GetProperty("confirmed").GetInt32());
        Assert.Equal(0, availability.GetProperty("waitlisted").GetInt32());
        Assert.Equal(1, availability.GetProperty("remaining").GetInt32());
    }

    [Fact]
    public async Task Registering_when_full_puts_attendee_on_waiting_list()
    {
        var session = await app.OpenSessionAsync(capacity: 1);

        var first = await (await app.RegisterAsync(session, "first@example.org")).Content.ReadFromJsonAsync<JsonElement>();
        var second = await app.RegisterAsync(session, "second@example.org");
        var third = await (await app.RegisterAsync(session, "third@example.org")).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("confirmed", first.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var waiting = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("waitlisted", waiting.GetProperty("status").GetString());
        Assert.Equal(1, waiting.GetProperty("waitlistPosition").GetInt32());
        Assert.Equal(2, third.GetProperty("waitlistPosition").GetInt32());
        var evt = Assert.Single(await app.EventsAsync("RegistrationWaitlisted", waiting.GetProperty("id").GetGuid()));
        Assert.Equal(1, evt.GetProperty("position").GetInt32());

        var seats = await app.SeatsAsync(session);
        Assert.Equal((1, 2), (seats!.Confirmed, seats.Waitlisted));
    }

    [Fact]
    public async Task Same_email_in_other_case_spacing_or_width_is_refused_with_409()
    {
        var session = await app.OpenSessionAsync(capacity: 5);
        Assert.Equal(HttpStatusCode.Created, (await app.RegisterAsync(session, "Ana@Example.org")).StatusCode);

        foreach (var variant in new[] { "ana@example.org", "  ANA@EXAMPLE.ORG  ", "ａｎａ@example.org" })
        {
            var response = await app.RegisterAsync(session, variant);
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("duplicate-email", problem.GetProperty("reason").GetString());
        }

        Assert.Equal(1, (await app.SeatsAsync(session))!.Confirmed);
    }

    [Fact]
    public async Task Three_simultaneous_registrations_with_one_email_give_one_registration_and_two_409()
    {
        var session = await app.OpenSessionAsync(capacity: 10);

        var responses = await Task.WhenAll(
            app.RegisterAsync(session, "same@example.org"),
            app.RegisterAsync(session, "SAME@example.org"),
            app.RegisterAsync(session, "Same@Example.Org"));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(1, await app.WithDbAsync(db => db.Registrations.CountAsync(r => r.SessionId == session)));
        Assert.Equal(1, (await app.SeatsAsync(session))!.Confirmed);
    }

    [Fact]
    public async Task Four_hundred_simultaneous_registrations_fill_160_seats_exactly_and_cancellations_promote_positions_1_to_5()
    {
        var session = await app.OpenSessionAsync(capacity: 160);

        var responses = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => app.RegisterAsync(session, $"attendee{i}@example.org")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var answers = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<JsonElement>()));
        var confirmed = answers.Where(a => a.GetProperty("status").GetString() == "confirmed").ToList();
        var waitlisted = answers.Where(a => a.GetProperty("status").GetString() == "waitlisted").ToList();
        Assert.Equal(160, confirmed.Count);
        Assert.Equal(240, waitlisted.Count);
        Assert.Equal(Enumerable.Range(1, 240), waitlisted.Select(a => a.GetProperty("waitlistPosition").GetInt32()).Order());

        var client = app.CreateClient();
        var availability = await client.GetFromJsonAsync<JsonElement>($"/api/v1/sessions/{session}/availability");
        Assert.Equal((160, 240, 0), (availability.GetProperty("confirmed").GetInt32(), availability.GetProperty("waitlisted").GetInt32(), availability.GetProperty("remaining").GetInt32()));

        foreach (var c in confirmed.Take(5))
        {
            using var cancel = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/registrations/{c.GetProperty("id").GetGuid()}");
            cancel.Headers.Add("X-Registration-Token", c.GetProperty("manageToken").GetString());
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(cancel)).StatusCode);
        }

        var firstFive = waitlisted.Where(a => a.GetProperty("waitlistPosition").GetInt32() <= 5).Select(a => a.GetProperty("id").GetGuid()).ToHashSet();
        var promoted = await app.WithDbAsync(db => db.Registrations.AsNoTracking()
            .Where(r => r.SessionId == session && r.Status == "confirmed" && r.WaitlistOrder != null).Select(r => r.Id).ToListAsync());
        Assert.Equal(firstFive, promoted.ToHashSet());
        var seats = await app.SeatsAsync(session);
        Assert.Equal((160, 235), (seats!.Confirmed, seats.Waitlisted));

        // Those still waiting moved up by five: the old position 6 is now 1.
        var sixth = waitlisted.Single(a => a.GetProperty("waitlistPosition").GetInt32() == 6);
        using var get = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/registrations/{sixth.GetProperty("id").GetGuid()}");
        get.Headers.Add("X-Registration-Token", sixth.GetProperty("manageToken").GetString());
        var view = await (await client.SendAsync(get)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, view.GetProperty("waitlistPosition").GetInt32());
    }

    [Fact]
    public async Task Idempotency_key_replay_returns_the_first_answer_and_registers_once()
    {
        var session = await app.OpenSessionAsync(capacity: 3);

        var first = await app.RegisterAsync(session, "key@example.org", idempotencyKey: "retry-123");
        var again = await app.RegisterAsync(session, "key@example.org", idempotencyKey: "retry-123");
        var otherSession = await app.OpenSessionAsync(capacity: 3);
        var sameKeyElsewhere = await app.RegisterAsync(otherSession, "key@example.org", idempotencyKey: "retry-123");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(1, (await app.SeatsAsync(session))!.Confirmed);
        Assert.Equal(HttpStatusCode.Created, sameKeyElsewhere.StatusCode);
        Assert.NotEqual(await first.Content.ReadAsStringAsync(), await sameKeyElsewhere.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Simultaneous_requests_with_one_idempotency_key_all_get_the_first_answer()
    {
        var session = await app.OpenSessionAsync(capacity: 3);

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.RegisterAsync(session, "twice@example.org", idempotencyKey: "k-1")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
        Assert.Equal(1, (await app.SeatsAsync(session))!.Confirmed);
    }

    [Fact]
    public async Task Invalid_fields_are_refused_with_422_and_an_errors_map()
    {
        var session = await app.OpenSessionAsync(capacity: 3, languages: ["fr", "es"]);

        var response = await app.CreateClient().PostAsJsonAsync($"/api/v1/sessions/{session}/registrations",
            new { name = " ", email = "not-an-email", language = "de", timeZone = "Mars/Olympus", organisation = new string('x', 300) });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["email", "language", "name", "organisation", "timeZone"], errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.Contains("fr, es", errors.GetProperty("language")[0].GetString());
        var seats = await app.SeatsAsync(session);
        Assert.Equal((0, 0), (seats!.Confirmed, seats.Waitlisted));
    }

    [Fact]
    public async Task Malformed_json_or_wrong_types_get_a_400_problem_and_change_nothing()
    {
        var session = await app.OpenSessionAsync(capacity: 3);
        var client = app.CreateClient();

        using var broken = new StringContent("{\"name\": \"Ana\", \"email\": ", System.Text.Encoding.UTF8, "application/json");
        var malformed = await client.PostAsync($"/api/v1/sessions/{session}/registrations", broken);
        var wrongType = await client.PostAsJsonAsync($"/api/v1/sessions/{session}/registrations", new { name = 42, email = true });

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType!.MediaType);
        Assert.Equal(0, (await app.SeatsAsync(session))!.Confirmed);
    }

    [Fact]
    public async Task A_started_session_refuses_registrations_and_waitlist_entries_with_409()
    {
        var session = await app.OpenSessionAsync(capacity: 1, startsAt: DateTimeOffset.UtcNow.AddMinutes(-1));

        var response = await app.RegisterAsync(session, "late@example.org");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("session-started", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        var seats = await app.SeatsAsync(session);
        Assert.Equal((0, 0), (seats!.Confirmed, seats.Waitlisted));
    }

    [Fact]
    public async Task A_session_started_locally_but_rescheduled_in_catalog_takes_the_registration()
    {
        var session = await app.OpenSessionAsync(capacity: 1, startsAt: DateTimeOffset.UtcNow.AddMinutes(-1));
        var newStart = DateTimeOffset.UtcNow.AddDays(3);
        app.Catalog.Publish(session, newStart);

        var response = await app.RegisterAsync(session, "rescheduled@example.org");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var seats = await app.SeatsAsync(session);
        Assert.Equal(1, seats!.Confirmed);
        Assert.Equal(newStart.ToUnixTimeMilliseconds(), seats.StartsAt.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task A_session_known_only_to_catalog_is_opened_with_its_capacity_and_takes_the_registration()
    {
        var session = Guid.NewGuid();
        app.Catalog.Publish(session, DateTimeOffset.UtcNow.AddDays(3), capacity: 160);

        var response = await app.RegisterAsync(session, "early@example.org");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var seats = await app.SeatsAsync(session);
        Assert.Equal((160, 1), (seats!.Capacity, seats.Confirmed));
    }

    [Fact]
    public async Task An_unknown_session_is_404()
    {
        var session = Guid.NewGuid();

        var register = await app.RegisterAsync(session, "nobody@example.org");
        var availability = await app.CreateClient().GetAsync($"/api/v1/sessions/{session}/availability");

        Assert.Equal(HttpStatusCode.NotFound, register.StatusCode);
        Assert.Equal("application/problem+json", register.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, availability.StatusCode);
    }

    [Fact]
    public async Task The_manage_token_reads_and_cancels_the_registration_and_a_wrong_token_gets_404()
    {
        var session = await app.OpenSessionAsync(capacity: 1);
        var seat = await (await app.RegisterAsync(session, "holder@example.org")).Content.ReadFromJsonAsync<JsonElement>();
        var waiting = await (await app.RegisterAsync(session, "waiting@example.org")).Content.ReadFromJsonAsync<JsonElement>();
        var id = seat.GetProperty("id").GetGuid();
        var client = app.CreateClient();

        using var wrong = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/registrations/{id}");
        wrong.Headers.Add("X-Registration-Token", "guess");
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(wrong)).StatusCode);
        using var wrongCancel = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/registrations/{id}");
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(wrongCancel)).StatusCode);

        using var get = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/registrations/{id}");
        get.Headers.Add("X-Registration-Token", seat.GetProperty("manageToken").GetString());
        var view = await (await client.SendAsync(get)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("holder@example.org", view.GetProperty("email").GetString());
        Assert.Equal("confirmed", view.GetProperty("status").GetString());

        using var cancel = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/registrations/{id}");
        cancel.Headers.Add("X-Registration-Token", seat.GetProperty("manageToken").GetString());
        var cancelled = await client.SendAsync(cancel);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var cancelEvent = Assert.Single(await app.EventsAsync("RegistrationCancelled", id));
        Assert.Equal("attendee", cancelEvent.GetProperty("reason").GetString());
        Assert.True(cancelEvent.GetProperty("heldSeat").GetBoolean());
        Assert.Single(await app.EventsAsync("RegistrationPromoted", waiting.GetProperty("id").GetGuid()));
        var seats = await app.SeatsAsync(session);
        Assert.Equal((1, 0), (seats!.Confirmed, seats.Waitlisted));

        // Cancelling again changes nothing.
        using var again = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/registrations/{id}");
        again.Headers.Add("X-Registration-Token", seat.GetProperty("manageToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(again)).StatusCode);
        Assert.Single(await app.EventsAsync("RegistrationCancelled", id));
        Assert.Equal(1, (await app.SeatsAsync(session))!.Confirmed);
    }
}
