using System.Text.RegularExpressions;

namespace Conference.EndToEnd.Tests;

/// <summary>
/// Issue 8: no email address, name or manage token in any log, trace or metric. Attendees with unique
/// addresses and names register (one confirmed, one waitlisted), open their manage link and read their
/// registration; then every line the services exported and every line they printed is searched.
/// </summary>
[Collection(ConferenceCollection.Name)]
public sealed partial class PersonalDataTests(ConferenceApp app)
{
    private readonly Journeys _journeys = new(app);

    [Fact]
    public async Task No_attendee_email_name_or_token_reaches_logs_traces_or_metrics()
    {
        var session = await _journeys.PublishedSessionAsync(capacity: 1);
        var marker = Guid.NewGuid().ToString("N")[..10];
        var attendees = new[]
        {
            (Name: $"Zoé Quispe{marker}", Email: $"zoe.{marker}@example.org"),
            (Name: $"Iñaki Mamani{marker}", Email: $"inaki.{marker}@example.org"),
        };
        var secrets = new List<string>();
        var registrationIds = new List<Guid>();
        foreach (var (name, email) in attendees)
        {
            var (id, _, token) = await _journeys.RegisterAsync(session, name, email);
            secrets.AddRange([email, name, marker, token, Uri.EscapeDataString(token)]);
            registrationIds.Add(id);

            // The manage link of the email, and the API behind it.
            using var page = await app.Gateway.GetAsync($"/registrations/{id}?token={Uri.EscapeDataString(token)}");
            using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/registrations/{id}");
            read.Headers.Add("X-Registration-Token", token);
            using var answer = await app.Gateway.SendAsync(read);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }
        foreach (var (_, email) in attendees)
        {
            await _journeys.WaitForMailAsync(email);
        }
        // Wait until the emails' spans are exported, then a little longer for the last log batches.
        await Journeys.EventuallyAsync(TimeSpan.FromSeconds(60), () => Task.FromResult<bool?>(
            registrationIds.All(id => app.Telemetry.Spans().Any(s =>
                s.GetProperty("name").GetString()!.StartsWith("send email", StringComparison.Ordinal)
                && s.GetProperty("tags").TryGetProperty("registration.id", out var r) && r.GetString() == id.ToString()))));
        await Task.Delay(TimeSpan.FromSeconds(3));

        var exported = app.Telemetry.Lines();
        var printed = app.ConsoleLines.Select(l => $"{l.Resource}: {l.Line}").ToList();
        Assert.Contains(exported, l => l.Contains(registrationIds[0].ToString(), StringComparison.Ordinal));
        Assert.Contains(exported, l => l.Contains("\"signal\":\"log\"", StringComparison.Ordinal) && l.Contains(registrationIds[1].ToString(), StringComparison.Ordinal));
        foreach (var line in exported.Concat(printed))
        {
            foreach (var secret in secrets)
            {
                Assert.False(line.Contains(secret, StringComparison.OrdinalIgnoreCase), $"'{secret}' found in: {line}");
            }
            // Nor any attendee address of the other tests of this run.
            Assert.False(AttendeeAddress().IsMatch(line), $"an address found in: {line}");
        }
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@example\.org", RegexOptions.IgnoreCase)]
    private static partial Regex AttendeeAddress();
}
