using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Conference.Tests.Infrastructure;

namespace Conference.Notification.Tests;

/// <summary><c>GET /api/v1/sessions/{id}/notifications</c>: the delivery log, for the session's organisers only.</summary>
public sealed class DeliveryLogApiTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static HttpRequestMessage Get(Guid sessionId, string? organiser)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/sessions/{sessionId}/notifications");
        if (organiser is not null)
        {
            request.Headers.Add("X-Test-Organiser", organiser);
        }
        return request;
    }

    [Fact]
    public async Task An_organiser_reads_kind_language_status_attempts_and_times_without_the_full_address()
    {
        await using var host = await NotificationHost.StartAsync(database);
        var sessionId = Guid.NewGuid();
        await host.DeliverAsync(Samples.Published(sessionId));
        var attendee = Samples.Attendee(sessionId, "es", "America/Argentina/Cordoba", email: "lucia.perez@example.org");
        await host.DeliverAsync(Samples.Confirmed(attendee));
        await host.SendMailAsync();
        using var client = host.CreateClient();

        using var response = await client.SendAsync(Get(sessionId, "ADEC"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("lucia.perez@example.org", body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(sessionId, json.RootElement.GetProperty("sessionId").GetGuid());
        var item = Assert.Single(json.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal("confirmed", item.GetProperty("kind").GetString());
        Assert.Equal("es", item.GetProperty("language").GetString());
        Assert.Equal("l***@example.org", item.GetProperty("recipient").GetString());
        Assert.Equal("sent", item.GetProperty("status").GetString());
        Assert.Equal(1, item.GetProperty("attempts").GetInt32());
        Assert.Equal(attendee.RegistrationId, item.GetProperty("registrationId").GetGuid());
        Assert.EndsWith("Z", item.GetProperty("createdAt").GetString());
        Assert.EndsWith("Z", item.GetProperty("sentAt").GetString());
    }

    [Fact]
    public async Task A_partner_that_does_not_organise_the_session_gets_403_problem()
    {
        await using var host = await NotificationHost.StartAsync(database);
        var sessionId = Guid.NewGuid();
        await host.DeliverAsync(Samples.Published(sessionId));
        using var client = host.CreateClient();

        using var response = await client.SendAsync(Get(sessionId, "UNDP"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_unknown_session_is_404_problem()
    {
        await using var host = await NotificationHost.StartAsync(database);
        using var client = host.CreateClient();

        using var response = await client.SendAsync(Get(Guid.NewGuid(), "OIT"));
        using var malformed = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/sessions/not-a-uuid/notifications") { Headers = { { "X-Test-Organiser", "OIT" } } });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
    }

    [Fact]
    public async Task Without_a_partner_token_the_answer_is_401_problem()
    {
        await using var host = await NotificationHost.StartAsync(database);
        using var client = host.CreateClient();

        using var response = await client.SendAsync(Get(Guid.NewGuid(), organiser: null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
