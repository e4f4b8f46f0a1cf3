using System.Diagnostics;
using System.Net.Http.Headers;

namespace Conference.EndToEnd.Tests;

/// <summary>
/// Steps the operations tests share, through the public gateway only: a partner token, a published
/// session of its own (JSON, French with Spanish, a unique code), registrations, the emails they
/// cause, each request optionally sent with a W3C <c>traceparent</c> so its trace can be found.
/// </summary>
internal sealed class Journeys(ConferenceApp app)
{
    /// <summary>A new W3C traceparent (sampled) and its trace id.</summary>
    public static (string TraceParent, string TraceId) NewTrace()
    {
        var trace = ActivityTraceId.CreateRandom().ToHexString();
        return ($"00-{trace}-{ActivitySpanId.CreateRandom().ToHexString()}-01", trace);
    }

    public Task<string> TokenAsync(string client = "oit") => app.TokenAsync(client);

    /// <summary>Creates and publishes a session of OIT (capacity <paramref name="capacity"/>, a year ahead); returns its id once Registration opened its seats.</summary>
    public async Task<Guid> PublishedSessionAsync(int capacity, string? publishTraceParent = null)
    {
        var token = await TokenAsync();
        var startsAt = new DateTimeOffset(DateTimeOffset.UtcNow.Year + 1, 9, 14, 15, 0, 0, TimeSpan.Zero);
        using var create = Request(HttpMethod.Post, "/api/v1/sessions", token, new
        {
            code = $"9.{Random.Shared.Next(1000, 10000)}.{Random.Shared.Next(100000, 1000000)}",
            format = "workshop",
            sourceLanguage = "fr",
            languages = new[] { "fr", "es" },
            title = new Dictionary<string, string> { ["fr"] = "Économie sociale et solidaire dans les territoires" },
            summary = "Les coopératives locales créent des emplois durables.",
            organisers = new[] { "OIT" },
            startsAt = startsAt.UtcDateTime,
            endsAt = startsAt.AddMinutes(90).UtcDateTime,
            capacity,
            registrationRequired = true,
            platform = "Zoom",
        });
        using var created = await app.Gateway.SendAsync(create);
        var session = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"create: {(int)created.StatusCode} {session}");
        var id = session.GetProperty("id").GetGuid();

        using var publish = Request(HttpMethod.Post, $"/api/v1/sessions/{id}/publish", token, null, publishTraceParent);
        using var published = await app.Gateway.SendAsync(publish);
        Assert.True(published.StatusCode == HttpStatusCode.OK, $"publish: {(int)published.StatusCode} {await published.Content.ReadAsStringAsync()}");

        await EventuallyAsync(TimeSpan.FromSeconds(120), async () =>
        {
            using var r = await app.Gateway.GetAsync($"/api/v1/sessions/{id}/availability");
            return r.IsSuccessStatusCode ? true : (bool?)null;
        });
        return id;
    }

    /// <summary>Registers an attendee (language fr, Montevideo); returns the answer's id, status and manage token.</summary>
    public async Task<(Guid Id, string Status, string Token)> RegisterAsync(Guid sessionId, string name, string email, string? traceParent = null)
    {
        using var request = Request(HttpMethod.Post, $"/api/v1/sessions/{sessionId}/registrations", null,
            new { name, email, language = "fr", timeZone = "America/Montevideo" }, traceParent);
        using var response = await app.Gateway.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"register: {(int)response.StatusCode} {body}");
        return (body.GetProperty("id").GetGuid(), body.GetProperty("status").GetString()!, body.GetProperty("manageToken").GetString()!);
    }

    /// <summary>Waits until the mail sink holds a message to <paramref name="email"/>.</summary>
    public Task WaitForMailAsync(string email) => EventuallyAsync(TimeSpan.FromSeconds(90), async () =>
    {
        var list = await app.MailSink.GetFromJsonAsync<JsonElement>("/api/messages?pageSize=5000");
        var items = list.ValueKind == JsonValueKind.Array ? list : list.GetProperty("results");
        return items.EnumerateArray().Any(m => m.GetProperty("to").ToString().Contains(email, StringComparison.OrdinalIgnoreCase)) ? true : (bool?)null;
    });

    /// <summary>Waits until the spans of trace <paramref name="traceId"/> satisfy <paramref name="complete"/>; returns them.</summary>
    public Task<List<JsonElement>> TraceAsync(string traceId, Func<List<JsonElement>, bool> complete) =>
        EventuallyAsync(TimeSpan.FromSeconds(60), () =>
        {
            var spans = app.Telemetry.Spans().Where(s => s.GetProperty("traceId").GetString() == traceId).ToList();
            return Task.FromResult(complete(spans) ? spans : null);
        });

    public static HttpRequestMessage Request(HttpMethod method, string path, string? token, object? json, string? traceParent = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = json is null ? null : JsonContent.Create(json) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (traceParent is not null)
        {
            request.Headers.Add("traceparent", traceParent);
        }
        return request;
    }

    public static async Task<T> EventuallyAsync<T>(TimeSpan timeout, Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } value) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Nothing within {timeout.TotalSeconds} s");
            await Task.Delay(500);
        }
    }

    public static async Task EventuallyAsync(TimeSpan timeout, Func<Task<bool?>> probe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await probe() is not true)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Nothing within {timeout.TotalSeconds} s");
            await Task.Delay(500);
        }
    }

    /// <summary>Service name of a span, lower case (the Aspire resource name, or the application name).</summary>
    public static string Service(JsonElement span) => span.GetProperty("service").GetString()!.ToLowerInvariant();
}
