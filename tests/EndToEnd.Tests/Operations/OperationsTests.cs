namespace Conference.EndToEnd.Tests;

/// <summary>
/// Issue 8: what ops staff read and do on the dashboard. Metrics count a registration journey;
/// the ops endpoints refuse requests without the ops key and are not reachable through the gateway;
/// the dashboard's commands run them.
/// </summary>
[Collection(ConferenceCollection.Name)]
public sealed class OperationsTests(ConferenceApp app)
{
    private readonly Journeys _journeys = new(app);

    [Fact]
    public async Task Metrics_count_registrations_by_outcome_seats_waiting_list_and_emails()
    {
        var session = await _journeys.PublishedSessionAsync(capacity: 1);
        var marker = Guid.NewGuid().ToString("N")[..8];
        Assert.Equal("confirmed", (await _journeys.RegisterAsync(session, "Rosa Metrica", $"rosa.{marker}@example.org")).Status);
        Assert.Equal("waitlisted", (await _journeys.RegisterAsync(session, "Luis Metrica", $"luis.{marker}@example.org")).Status);
        using var duplicate = Journeys.Request(HttpMethod.Post, $"/api/v1/sessions/{session}/registrations", null,
            new { name = "Rosa Metrica", email = $"rosa.{marker}@example.org", language = "fr", timeZone = "America/Montevideo" });
        Assert.Equal(HttpStatusCode.Conflict, (await app.Gateway.SendAsync(duplicate)).StatusCode);
        await _journeys.WaitForMailAsync($"luis.{marker}@example.org");

        // Cumulative counters and the latest gauges, as the dashboard shows them.
        await Journeys.EventuallyAsync(TimeSpan.FromSeconds(60), () =>
        {
            var metrics = app.Telemetry.Metrics();
            double Last(string service, string name, Func<JsonElement, bool>? tags = null) =>
                metrics.Where(m => Journeys.Service(m) == service && m.GetProperty("name").GetString() == name && (tags?.Invoke(m.GetProperty("tags")) ?? true))
                    .Select(m => m.GetProperty("value") is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : m.GetProperty("value").GetProperty("count").GetDouble())
                    .LastOrDefault(-1);
            bool Tag(JsonElement tags, string key, string value) => tags.TryGetProperty(key, out var v) && v.GetString() == value;
            var ok = Last("registration", "conference.registrations", t => Tag(t, "outcome", "confirmed")) >= 1
                && Last("registration", "conference.registrations", t => Tag(t, "outcome", "waitlisted")) >= 1
                && Last("registration", "conference.registrations", t => Tag(t, "outcome", "rejected") && Tag(t, "reason", "duplicate-email")) >= 1
                && Last("registration", "conference.session.seats.remaining", t => Tag(t, "session.id", session.ToString())) == 0
                && Last("registration", "conference.session.waiting_list.length", t => Tag(t, "session.id", session.ToString())) == 1
                && Last("registration", "conference.outbox.pending") >= 0
                && Last("notification", "conference.notification.emails.sent", t => Tag(t, "kind", "waitlisted")) >= 1
                && Last("notification", "conference.notification.registration_to_email.duration", t => Tag(t, "kind", "confirmed")) >= 1
                && Last("translation", "conference.translation.jobs.completed") >= 1;
            return Task.FromResult<bool?>(ok);
        });
    }

    [Fact]
    public async Task Ops_endpoints_need_the_ops_key_and_are_not_routed_by_the_gateway()
    {
        using var ops = new HttpClient { BaseAddress = app.ServiceEndpoint("notification") };
        using var anonymous = await ops.PostAsync("/ops/messages/resend-failed", null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);

        using var keyed = new HttpRequestMessage(HttpMethod.Post, "/ops/messages/resend-failed");
        keyed.Headers.Add("X-Ops-Key", app.OpsKey);
        using var answer = await ops.SendAsync(keyed);
        var body = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("resend-failed-messages", body.GetProperty("action").GetString());

        using var detail = new HttpRequestMessage(HttpMethod.Get, "/ops/health");
        detail.Headers.Add("X-Ops-Key", app.OpsKey);
        var health = await (await ops.SendAsync(detail)).Content.ReadFromJsonAsync<JsonElement>();
        var checks = health.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal("Healthy", checks["NotificationDbContext"]);
        Assert.Equal("Healthy", checks["rabbitmq"]);
        Assert.Equal("Healthy", checks["smtp"]);

        foreach (var path in new[] { "/ops/outbox/relay", "/ops/messages/resend-failed", "/ops/translations/rerun-stale", "/ops/health" })
        {
            using var probe = new HttpRequestMessage(path == "/ops/health" ? HttpMethod.Get : HttpMethod.Post, path);
            probe.Headers.Add("X-Ops-Key", app.OpsKey);
            using var routed = await app.Gateway.SendAsync(probe);
            Assert.NotEqual(HttpStatusCode.OK, routed.StatusCode);
        }
    }

    [Fact]
    public async Task Dashboard_commands_relay_outboxes_resend_failed_emails_and_rerun_stale_translations()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        foreach (var (resource, command) in new[]
        {
            ("catalog", "relay-outbox"),
            ("registration", "relay-outbox"),
            ("notification", "relay-outbox"),
            ("translation", "relay-outbox"),
            ("notification", "resend-failed-messages"),
            ("translation", "rerun-stale-translations"),
        })
        {
            var result = await app.ExecuteCommandAsync(resource, command, timeout.Token);
            Assert.True(result.Success, $"{resource} {command}: {result.Message}");
            Assert.Contains("done", result.Message, StringComparison.Ordinal);
        }
    }
}
