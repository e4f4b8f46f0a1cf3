using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Conference.Registration.Tests;

/// <summary>
/// An organiser's removal of an attendee and a capacity change stage PartnerActionRecorded with the
/// change (issue 10: audit trail), in the same transaction; attendees appear by registration id only.
/// </summary>
public sealed class AuditTrailTests(RegistrationApp app) : IClassFixture<RegistrationApp>
{
    [Fact]
    public async Task Removing_an_attendee_records_who_removed_which_registration_without_name_or_email()
    {
        var session = await app.OpenSessionAsync(capacity: 2);
        var seat = await (await app.RegisterAsync(session, "removed@example.org", name: "Ana Pérez")).Content.ReadFromJsonAsync<JsonElement>();
        var seatId = seat.GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.OK, (await app.Partner("OIT").DeleteAsync($"/api/v1/sessions/{session}/registrations/{seatId}")).StatusCode);

        var action = Assert.Single(await app.EventsAsync("PartnerActionRecorded", seatId));
        Assert.Equal("remove-attendee", action.GetProperty("action").GetString());
        Assert.Equal(session, action.GetProperty("sessionId").GetGuid());
        Assert.Equal("OIT", action.GetProperty("actor").GetProperty("organiser").GetString());
        Assert.Equal("confirmed", action.GetProperty("before").GetProperty("registration").GetProperty("status").GetString());
        Assert.Equal("cancelled", action.GetProperty("after").GetProperty("registration").GetProperty("status").GetString());
        Assert.Equal("organiser", action.GetProperty("after").GetProperty("registration").GetProperty("cancelReason").GetString());
        Assert.DoesNotContain("removed@example.org", action.GetRawText());
        Assert.DoesNotContain("Ana", action.GetRawText());
    }

    [Fact]
    public async Task A_capacity_change_records_the_seats_before_and_after_and_an_unchanged_one_records_nothing()
    {
        var session = await app.OpenSessionAsync(capacity: 5);

        Assert.Equal(HttpStatusCode.OK, (await app.Partner("ADEC").PutAsJsonAsync($"/api/v1/sessions/{session}/capacity", new { capacity = 8 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Partner("ADEC").PutAsJsonAsync($"/api/v1/sessions/{session}/capacity", new { capacity = 8 })).StatusCode);

        var action = Assert.Single(await app.EventsAsync("PartnerActionRecorded", session));
        Assert.Equal("capacity", action.GetProperty("action").GetString());
        Assert.Equal("ADEC", action.GetProperty("actor").GetProperty("organiser").GetString());
        Assert.Equal(5, action.GetProperty("before").GetProperty("capacity").GetInt32());
        Assert.Equal(8, action.GetProperty("after").GetProperty("capacity").GetInt32());
    }
}
