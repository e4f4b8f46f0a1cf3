using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Conference.Registration.Tests;

/// <summary>
/// <c>GET /api/v1/sessions/{id}/availability</c> and <c>GET /api/v1/availability?sessions=...</c> (the
/// seats of several sessions in one answer, the programme page's call).
/// </summary>
public sealed class AvailabilityTests(RegistrationApp app) : IClassFixture<RegistrationApp>
{
    [Fact]
    public async Task Several_sessions_answer_together_and_an_unknown_one_is_left_out()
    {
        var small = await app.OpenSessionAsync(capacity: 1);
        var large = await app.OpenSessionAsync(capacity: 3);
        await app.RegisterAsync(small, "first@example.org");
        await app.RegisterAsync(small, "second@example.org");
        await app.RegisterAsync(large, "third@example.org");
        var unknown = Guid.NewGuid();

        var answer = await app.CreateClient().GetFromJsonAsync<JsonElement[]>($"/api/v1/availability?sessions={small}, {large},{unknown},{small}");

        var seats = answer!.ToDictionary(a => a.GetProperty("sessionId").GetGuid(),
            a => (a.GetProperty("capacity").GetInt32(), a.GetProperty("confirmed").GetInt32(), a.GetProperty("waitlisted").GetInt32(), a.GetProperty("remaining").GetInt32()));
        Assert.Equal(2, seats.Count);
        Assert.Equal((1, 1, 1, 0), seats[small]);
        Assert.Equal((3, 1, 0, 2), seats[large]);
    }

    [Fact]
    public async Task A_cancelled_or_started_session_has_no_seat_remaining_though_its_counts_stay()
    {
        var cancelled = await app.OpenSessionAsync(capacity: 5);
        await app.RegisterAsync(cancelled, "before@example.org");
        await app.WithDbAsync(db => db.Seats.Where(s => s.SessionId == cancelled)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, "cancelled"))); // as the SessionCancelled consumer leaves it
        var started = await app.OpenSessionAsync(capacity: 160, startsAt: DateTimeOffset.UtcNow.AddMinutes(-5));
        var open = await app.OpenSessionAsync(capacity: 4);
        var client = app.CreateClient();

        var one = await Task.WhenAll(new[] { cancelled, started, open }.Select(id => client.GetFromJsonAsync<JsonElement>($"/api/v1/sessions/{id}/availability")));
        var many = await client.GetFromJsonAsync<JsonElement[]>($"/api/v1/availability?sessions={cancelled},{started},{open}");
        var refused = await app.RegisterAsync(started, "late@example.org");

        static (int, int, int, int) Seats(JsonElement a) =>
            (a.GetProperty("capacity").GetInt32(), a.GetProperty("confirmed").GetInt32(), a.GetProperty("waitlisted").GetInt32(), a.GetProperty("remaining").GetInt32());
        Assert.Equal([(5, 1, 0, 0), (160, 0, 0, 0), (4, 0, 0, 4)], one.Select(Seats));
        var byId = many!.ToDictionary(a => a.GetProperty("sessionId").GetGuid(), Seats);
        Assert.Equal((5, 1, 0, 0), byId[cancelled]);
        Assert.Equal((160, 0, 0, 0), byId[started]);
        Assert.Equal((4, 0, 0, 4), byId[open]);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
    }

    [Theory]
    [InlineData("", "at least one")]
    [InlineData("not-a-guid", "'not-a-guid' is not a session id")]
    [InlineData("MANY", "At most 200 sessions")]
    public async Task A_bad_list_is_a_problem_naming_the_field(string sessions, string expected)
    {
        if (sessions == "MANY")
        {
            sessions = string.Join(',', Enumerable.Range(0, 201).Select(_ => Guid.NewGuid()));
        }

        var response = await app.CreateClient().GetAsync($"/api/v1/availability?sessions={sessions}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(expected, problem.GetProperty("errors").GetProperty("sessions")[0].GetString());
    }
}
