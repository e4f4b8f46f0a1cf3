using System.Net;

namespace Conference.Gateway.Tests;

/// <summary>What a visitor may type into the pages' addresses and forms: answered in the visitor's words, never a 500.</summary>
public sealed class PageInputTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private FakeServices services => fixture.Services;

    [Theory]
    [InlineData("9999-12-31", "UTC", "from=9999-12-31T00:00:00.0000000Z&to=9999-12-31T23:59:59.9999999Z")]
    [InlineData("9999-12-31", "Pacific/Pago_Pago", "from=9999-12-31T11:00:00.0000000Z&to=9999-12-31T23:59:59.9999999Z")]
    [InlineData("9999-12-30", "Pacific/Kiritimati", "from=9999-12-29T10:00:00.0000000Z&to=9999-12-30T10:00:00.0000000Z")]
    [InlineData("0001-01-01", "Etc/GMT-14", "from=0001-01-01T00:00:00.0000000Z&to=0001-01-01T10:00:00.0000000Z")]
    [InlineData("0001-01-01", "UTC", "from=0001-01-01T00:00:00.0000000Z&to=0001-01-02T00:00:00.0000000Z")]
    public async Task A_day_at_the_edge_of_the_calendar_is_a_day_like_any_other(string day, string zone, string range)
    {
        using var client = fixture.Gateway.CreateClient();
        var q = "day-" + Guid.NewGuid().ToString("N")[..8];

        using var response = await client.GetAsync($"/?lang=en&day={day}&tz={zone}&q={q}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1>Programme</h1>", await response.Content.ReadAsStringAsync());
        Assert.Contains(services.Requests, r => r.StartsWith("GET /api/v1/sessions?", StringComparison.Ordinal)
            && r.Contains($"q={q}", StringComparison.Ordinal) && r.Contains(range.Replace(":", "%3A"), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("-0001-01-01")]
    [InlineData("10000-01-01")]
    [InlineData("9999-13-01")]
    [InlineData("2031-02-30")]
    [InlineData("tomorrow")]
    public async Task A_day_that_is_no_date_is_ignored(string day)
    {
        using var client = fixture.Gateway.CreateClient();
        var q = "day-" + Guid.NewGuid().ToString("N")[..8];

        using var response = await client.GetAsync($"/?lang=en&day={Uri.EscapeDataString(day)}&q={q}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(services.Requests, r => r.Contains($"q={q}", StringComparison.Ordinal) && !r.Contains("from=", StringComparison.Ordinal));
    }
}
