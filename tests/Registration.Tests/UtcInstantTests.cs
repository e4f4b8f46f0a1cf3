using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace Conference.Registration.Tests;

/// <summary>Instants Registration answers are ISO 8601 in UTC with <c>Z</c> (docs/api-contract.md), in JSON and CSV alike.</summary>
public sealed partial class UtcInstantTests(RegistrationApp app) : IClassFixture<RegistrationApp>
{
    [Fact]
    public async Task The_attendee_and_the_organiser_read_createdAt_and_cancelledAt_as_utc_instants_with_Z()
    {
        var session = await app.OpenSessionAsync(capacity: 2);
        var answer = await (await app.RegisterAsync(session, "utc@example.org")).Content.ReadFromJsonAsync<JsonElement>();
        var id = answer.GetProperty("id").GetGuid();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Registration-Token", answer.GetProperty("manageToken").GetString());

        var cancelled = await (await client.DeleteAsync($"/api/v1/registrations/{id}")).Content.ReadFromJsonAsync<JsonElement>();
        var read = await client.GetFromJsonAsync<JsonElement>($"/api/v1/registrations/{id}");
        var listed = (await app.Partner("OIT").GetFromJsonAsync<JsonElement>($"/api/v1/sessions/{session}/registrations"))
            .GetProperty("items").EnumerateArray().Single();
        using var csvRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/sessions/{session}/registrations");
        csvRequest.Headers.Add("Accept", "text/csv");
        var csv = (await (await app.Partner("OIT").SendAsync(csvRequest)).Content.ReadAsStringAsync()).Split("\r\n")[1].Split(',');

        var stored = await app.WithDbAsync(db => db.Registrations.AsNoTracking().SingleAsync(r => r.Id == id));
        foreach (var view in new[] { cancelled, read, listed })
        {
            var createdAt = view.GetProperty("createdAt").GetString()!;
            var cancelledAt = view.GetProperty("cancelledAt").GetString()!;
            Assert.Matches(UtcInstant(), createdAt);
            Assert.Matches(UtcInstant(), cancelledAt);
            Assert.Equal(stored.CreatedAt, DateTimeOffset.Parse(createdAt, CultureInfo.InvariantCulture));
            Assert.Equal(stored.CancelledAt, DateTimeOffset.Parse(cancelledAt, CultureInfo.InvariantCulture));
            Assert.Equal(stored.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture), createdAt[..19]);
        }
        Assert.Equal(stored.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), csv[9]);
        Assert.Equal(stored.CancelledAt!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), csv[10]);
    }

    [Fact]
    public async Task The_openapi_document_still_describes_instants_as_date_time_strings()
    {
        var document = await app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var createdAt = document.GetProperty("components").GetProperty("schemas").GetProperty("RegistrationView")
            .GetProperty("properties").GetProperty("createdAt");
        Assert.Equal("string", createdAt.GetProperty("type").GetString());
        Assert.Equal("date-time", createdAt.GetProperty("format").GetString());
    }

    // 2031-06-01T17:00:00Z, fractional seconds only when there are any.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$")]
    private static partial Regex UtcInstant();
}
