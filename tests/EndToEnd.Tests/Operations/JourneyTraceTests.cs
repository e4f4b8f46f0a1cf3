namespace Conference.EndToEnd.Tests;

/// <summary>
/// Issue 8: a journey is one trace on the dashboard. The tests send their own W3C traceparent through
/// the gateway and look for that trace in the spans the services exported (JSON-lines copies of what
/// the dashboard receives).
/// </summary>
[Collection(ConferenceCollection.Name)]
public sealed class JourneyTraceTests(ConferenceApp app)
{
    private readonly Journeys _journeys = new(app);

    [Fact]
    public async Task A_registration_is_one_trace_from_the_gateway_through_the_outbox_and_RabbitMQ_to_the_email()
    {
        var session = await _journeys.PublishedSessionAsync(capacity: 10);
        var (traceParent, traceId) = Journeys.NewTrace();
        var email = $"trace.{Guid.NewGuid().ToString("N")[..8]}@example.org";

        var registration = await _journeys.RegisterAsync(session, "Ana Traza", email, traceParent);
        Assert.Equal("confirmed", registration.Status);
        await _journeys.WaitForMailAsync(email);

        // Each service exports its spans in batches of its own, and a span is exported when it ends, after
        // its children (a consumer's receive span outlives the attempts it retries): wait for the gateway's
        // and the email's, and until every span but the gateway's has its parent among them.
        var spans = await _journeys.TraceAsync(traceId, s => s.Any(IsEmailSent) && s.Any(x => Journeys.Service(x) == "gateway")
            && Orphans(s).All(x => Journeys.Service(x) == "gateway"));
        var services = spans.Select(Journeys.Service).ToHashSet();
        Assert.Contains("gateway", services);
        Assert.Contains("registration", services);
        Assert.Contains("notification", services);
        Assert.Contains(spans, s => Journeys.Service(s) == "registration" && s.GetProperty("name").GetString() == "outbox publish RegistrationConfirmed");
        Assert.Contains(spans, s => Journeys.Service(s) == "notification" && s.GetProperty("kind").GetString() == "Consumer");
        var sent = spans.Single(IsEmailSent);
        Assert.Equal(registration.Id.ToString(), sent.GetProperty("tags").GetProperty("registration.id").GetString());
        Assert.Equal(session.ToString(), sent.GetProperty("tags").GetProperty("session.id").GetString());
        // Every span of the journey hangs from another of it: no orphan part started a second trace.
        Assert.All(Orphans(spans), orphan => Assert.Equal("gateway", Journeys.Service(orphan)));
    }

    /// <summary>Spans whose parent is not among <paramref name="spans"/> (the gateway's root continues the caller's trace parent).</summary>
    private static IEnumerable<JsonElement> Orphans(List<JsonElement> spans)
    {
        var ids = spans.Select(s => s.GetProperty("spanId").GetString()).ToHashSet();
        return spans.Where(s => s.GetProperty("parentSpanId").GetString() is { } parent && !ids.Contains(parent));
    }

    [Fact]
    public async Task Publishing_is_one_trace_from_the_gateway_through_translation_back_to_the_catalog()
    {
        var (traceParent, traceId) = Journeys.NewTrace();
        await _journeys.PublishedSessionAsync(capacity: 10, publishTraceParent: traceParent);

        var spans = await _journeys.TraceAsync(traceId, s =>
            s.Any(x => Journeys.Service(x) == "translation" && x.GetProperty("name").GetString() == "translate session")
            && s.Any(x => Journeys.Service(x) == "catalog" && x.GetProperty("kind").GetString() == "Consumer")
            && s.Any(x => Journeys.Service(x) == "gateway"));
        var services = spans.Select(Journeys.Service).ToHashSet();
        Assert.Contains("gateway", services);
        Assert.Contains("catalog", services);
        Assert.Contains("translation", services);
        Assert.Contains(spans, s => Journeys.Service(s) == "translation" && s.GetProperty("name").GetString() == "outbox publish SessionTranslated");
    }

    private static bool IsEmailSent(JsonElement span) =>
        Journeys.Service(span) == "notification" && span.GetProperty("name").GetString() == "send email confirmed";
}
