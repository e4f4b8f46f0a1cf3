using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Conference.Registration.Tests;

public sealed class OrganiserTests(RegistrationApp app) : IClassFixture<RegistrationApp>
{
    [Fact]
    public async Task Only_an_organising_partner_sees_the_registrations_with_counts_as_json_and_csv()
    {
        var session = await app.OpenSessionAsync(capacity: 1, organisers: ["OIT", "ADEC"]);
        await app.RegisterAsync(session, "first@example.org", name: "Ana, \"la\" Pérez");
        await app.RegisterAsync(session, "second@example.org", name: "Luis");

        var anonymous = await app.CreateClient().GetAsync($"/api/v1/sessions/{session}/registrations");
        var stranger = await app.Partner("FAMSI").GetAsync($"/api/v1/sessions/{session}/registrations");
        var json = await app.Partner("ADEC").GetFromJsonAsync<JsonElement>($"/api/v1/sessions/{session}/registrations");
        using var csvRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/sessions/{session}/registrations");
        csvRequest.Headers.Add("Accept", "text/csv");
        var csv = await app.Partner("oit").SendAsync(csvRequest);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, stranger.StatusCode);
        Assert.Equal("application/problem+json", stranger.Content.Headers.ContentType!.MediaType);
        var counts = json.GetProperty("counts");
        Assert.Equal((1, 1, 0), (counts.GetProperty("confirmed").GetInt32(), counts.GetProperty("waitlisted").GetInt32(), counts.GetProperty("cancelled").GetInt32()));
        var items = json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["first@example.org", "second@example.org"], items.Select(i => i.GetProperty("email").GetString()));
        Assert.Equal(1, items[1].GetProperty("waitlistPosition").GetInt32());

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("id,name,email,", lines[0]);
        Assert.Contains(",\"Ana, \"\"la\"\" Pérez\",first@example.org,", lines[1]);
        Assert.Contains(",waitlisted,1,", lines[2]);
    }

    [Fact]
    public async Task Organiser_removal_promotes_the_first_waitlisted_exactly_as_the_attendees_own_cancellation()
    {
        var session = await app.OpenSessionAsync(capacity: 1);
        var seat = await (await app.RegisterAsync(session, "seat@example.org")).Content.ReadFromJsonAsync<JsonElement>();
        var next = await (await app.RegisterAsync(session, "next@example.org")).Content.ReadFromJsonAsync<JsonElement>();
        var after = await (await app.RegisterAsync(session, "after@example.org")).Content.ReadFromJsonAsync<JsonElement>();
        var seatId = seat.GetProperty("id").GetGuid();

        var stranger = await app.Partner("FAMSI-X").DeleteAsync($"/api/v1/sessions/{session}/registrations/{seatId}");
        var removed = await app.Partner("OIT").DeleteAsync($"/api/v1/sessions/{session}/registrations/{seatId}");

        Assert.Equal(HttpStatusCode.Forbidden, stranger.StatusCode);
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        var view = await removed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("cancelled", "organiser"), (view.GetProperty("status").GetString(), view.GetProperty("cancelReason").GetString()));
        Assert.Equal("organiser", Assert.Single(await app.EventsAsync("RegistrationCancelled", seatId)).GetProperty("reason").GetString());
        var promoted = Assert.Single(await app.EventsAsync("RegistrationPromoted", next.GetProperty("id").GetGuid()));
        Assert.Equal("next@example.org", promoted.GetProperty("attendee").GetProperty("email").GetString());
        Assert.Empty(await app.EventsAsync("RegistrationPromoted", after.GetProperty("id").GetGuid()));
        var seats = await app.SeatsAsync(session);
        Assert.Equal((1, 1), (seats!.Confirmed, seats.Waitlisted));

        var unknown = await app.Partner("OIT").DeleteAsync($"/api/v1/sessions/{session}/registrations/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Raising_capacity_promotes_from_the_waiting_list_in_order_and_publishes_the_change()
    {
        var session = await app.OpenSessionAsync(capacity: 1);
        await app.RegisterAsync(session, "a@example.org");
        var waiting = new List<Guid>();
        foreach (var email in new[] { "b@example.org", "c@example.org", "d@example.org" })
        {
            waiting.Add((await (await app.RegisterAsync(session, email)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }

        var response = await app.Partner("FAMSI").PutAsJsonAsync($"/api/v1/sessions/{session}/capacity", new { capacity = 3 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var availability = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((3, 3, 1, 0), (availability.GetProperty("capacity").GetInt32(), availability.GetProperty("confirmed").GetInt32(),
            availability.GetProperty("waitlisted").GetInt32(), availability.GetProperty("remaining").GetInt32()));
        Assert.Single(await app.EventsAsync("RegistrationPromoted", waiting[0]));
        Assert.Single(await app.EventsAsync("RegistrationPromoted", waiting[1]));
        Assert.Empty(await app.EventsAsync("RegistrationPromoted", waiting[2]));
        var changed = Assert.Single(await app.EventsAsync("SessionCapacityChanged", session));
        Assert.Equal((3, 3), (changed.GetProperty("capacity").GetInt32(), changed.GetProperty("confirmed").GetInt32()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-4)]
    [InlineData(1_000_001)]
    public async Task Capacity_outside_1_to_1000000_is_refused_with_422_naming_the_range_and_changes_nothing(int capacity)
    {
        var session = await app.OpenSessionAsync(capacity: 3);

        var response = await app.Partner("OIT").PutAsJsonAsync($"/api/v1/sessions/{session}/capacity", new { capacity });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var messages = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("capacity");
        Assert.Equal([$"Capacity {capacity} is outside the range: a whole number of seats from 1 to 1000000."], messages.EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(3, (await app.SeatsAsync(session))!.Capacity);
        Assert.Empty(await app.EventsAsync("SessionCapacityChanged", session));
    }

    [Fact]
    public async Task Capacity_may_be_raised_to_1000000_seats_as_in_catalog()
    {
        var session = await app.OpenSessionAsync(capacity: 3);

        var response = await app.Partner("OIT").PutAsJsonAsync($"/api/v1/sessions/{session}/capacity", new { capacity = 1_000_000 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1_000_000, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("capacity").GetInt32());
        Assert.Equal(1_000_000, (await app.SeatsAsync(session))!.Capacity);
    }

    [Fact]
    public async Task Capacity_below_the_confirmed_seats_is_refused_with_422_and_the_confirmed_count()
    {
        var session = await app.OpenSessionAsync(capacity: 5);
        await app.RegisterAsync(session, "a@example.org");
        await app.RegisterAsync(session, "b@example.org");
        var partner = app.Partner("OIT");

        var below = await partner.PutAsJsonAsync($"/api/v1/sessions/{session}/capacity", new { capacity = 1 });
        var negative = await partner.PutAsJsonAsync($"/api/v1/sessions/{session}/capacity", new { capacity = -4 });
        var huge = await partner.PutAsJsonAsync($"/api/v1/sessions/{session}/capacity", new { capacity = 10_000_000 });
        var stranger = await app.Partner("NOPE").PutAsJsonAsync($"/api/v1/sessions/{session}/capacity", new { capacity = 9 });
        var unknown = await partner.PutAsJsonAsync($"/api/v1/sessions/{Guid.NewGuid()}/capacity", new { capacity = 9 });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, below.StatusCode);
        var problem = await below.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, problem.GetProperty("confirmed").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty("capacity", out _));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, negative.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, huge.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, stranger.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var seats = await app.SeatsAsync(session);
        Assert.Equal((5, 2), (seats!.Capacity, seats.Confirmed));
        Assert.Empty(await app.EventsAsync("SessionCapacityChanged", session));
    }
}
