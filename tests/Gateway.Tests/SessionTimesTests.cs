using System.Globalization;
using Conference.Gateway.Web.Visitors;
using NodaTime;

namespace Conference.Gateway.Tests;

/// <summary>Session times on the pages on days the clocks change (Europe/Madrid, 2031).</summary>
public sealed class SessionTimesTests
{
    private static readonly DateTimeZone Madrid = DateTimeZoneProviders.Tzdb["Europe/Madrid"];

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture);

    [Theory]
    // Clocks go back at 03:00 CEST → 02:00 CET: 00:30Z and 01:30Z both read 02:30.
    [InlineData("2031-10-26T00:30:00Z", "2031-10-26T01:30:00Z", "02:30 (UTC+02:00)–02:30 (UTC+01:00)")]
    // Both in the repeated hour, same offset: still ambiguous without it.
    [InlineData("2031-10-26T00:10:00Z", "2031-10-26T00:50:00Z", "02:10 (UTC+02:00)–02:50 (UTC+02:00)")]
    // Spring forward: 01:30 CET to 03:30 CEST, one hour long.
    [InlineData("2031-03-30T00:30:00Z", "2031-03-30T01:30:00Z", "01:30 (UTC+01:00)–03:30 (UTC+02:00)")]
    // An ordinary day keeps the plain form.
    [InlineData("2031-10-27T00:30:00Z", "2031-10-27T01:30:00Z", "01:30–02:30")]
    public void Hours_carry_offsets_only_when_they_would_be_ambiguous(string start, string end, string expected) =>
        Assert.Equal(expected, SessionTimes.Hours(At(start), At(end), Madrid));

    [Fact]
    public void The_range_with_its_date_carries_them_too()
    {
        var text = SessionTimes.Range(At("2031-10-26T00:30:00Z"), At("2031-10-26T01:30:00Z"), Madrid, CultureInfo.GetCultureInfo("en"));
        Assert.Equal("Sunday, October 26, 2031, 02:30 (UTC+02:00)–02:30 (UTC+01:00)", text);
    }
}
