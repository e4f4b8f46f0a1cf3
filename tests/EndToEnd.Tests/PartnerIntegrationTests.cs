using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Conference.EndToEnd.Tests;

/// <summary>
/// Issue 10's acceptance through the public gateway: a partner subscribes a receiver on loopback
/// (development allows http://127.0.0.1), another partner imports, edits, publishes and reschedules the
/// real card (under its own code, so the main journey keeps 3.2.2), the receiver gets the signed
/// events, and the session's audit trail lists the four actions with actor and changed values.
/// </summary>
[Collection(ConferenceCollection.Name)]
public sealed class PartnerIntegrationTests(ConferenceApp app)
{
    private static readonly string Card = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", "session-card-3.2.2-fr.txt"))
        .Replace("Titre de la session 3.2.2 :", "Titre de la session 10.3.2 :", StringComparison.Ordinal);

    [Fact]
    public async Task A_subscribed_partner_receives_signed_events_and_the_audit_lists_import_edit_publish_and_reschedule()
    {
        using var receiver = new Receiver();
        var famsi = await TokenAsync("famsi");
        var subscription = await SendAsync(HttpMethod.Post, "/api/v1/webhooks", famsi,
            new { url = receiver.Url, events = new[] { "session.published", "session.rescheduled" } }, HttpStatusCode.Created);
        var secret = subscription.GetProperty("secret").GetString()!;

        var oit = await TokenAsync("oit");
        using var import = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sessions/import") { Content = new StringContent(Card, Encoding.UTF8, "text/plain") };
        import.Headers.Authorization = new AuthenticationHeaderValue("Bearer", oit);
        using var imported = await app.Gateway.SendAsync(import);
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var id = (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await SendAsync(HttpMethod.Patch, $"/api/v1/sessions/{id}", oit, new { platform = "Teams" });
        await SendAsync(HttpMethod.Post, $"/api/v1/sessions/{id}/publish", oit, null);
        await SendAsync(HttpMethod.Post, $"/api/v1/sessions/{id}/reschedule", oit, new { startsAt = "2031-06-03T17:05:00Z", endsAt = "2031-06-03T18:35:00Z" });

        var received = await EventuallyAsync(TimeSpan.FromSeconds(60), () => receiver.Requests.Count >= 2 ? receiver.Requests.ToList() : null);
        Assert.Equal(["session.published", "session.rescheduled"], received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString()));
        Assert.All(received, r => Assert.True(Verify(secret, r.Headers, r.Body), r.Body));
        Assert.Equal(id, JsonDocument.Parse(received[0].Body).RootElement.GetProperty("data").GetProperty("session").GetProperty("id").GetGuid());

        var audit = await EventuallyAsync(TimeSpan.FromSeconds(60), async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/sessions/{id}/audit");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", famsi);
            using var response = await app.Gateway.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.OK) return null;
            var items = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToList();
            return items.Count >= 4 ? items : null;
        });
        Assert.Equal(["import", "edit", "publish", "reschedule"], audit.Select(a => a.GetProperty("action").GetString()));
        Assert.All(audit, a => Assert.Equal(("OIT", "oit"), (a.GetProperty("actor").GetProperty("organiser").GetString(), a.GetProperty("actor").GetProperty("clientId").GetString())));
        Assert.Equal("10.3.2", audit[0].GetProperty("after").GetProperty("code").GetString());
        Assert.Equal(("Zoom", "Teams"), (audit[1].GetProperty("before").GetProperty("platform").GetString(), audit[1].GetProperty("after").GetProperty("platform").GetString()));
        Assert.Equal(("draft", "published"), (audit[2].GetProperty("before").GetProperty("status").GetString(), audit[2].GetProperty("after").GetProperty("status").GetString()));
        Assert.Equal("2031-06-03T17:05:00Z", audit[3].GetProperty("after").GetProperty("startsAt").GetString());
    }

    // The README's C# verification.
    private static bool Verify(string secret, IReadOnlyDictionary<string, string> headers, string body)
    {
        string id = headers["webhook-id"], timestamp = headers["webhook-timestamp"], signatures = headers["webhook-signature"];
        if (!long.TryParse(timestamp, out var seconds) || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 5 * 60)
        {
            return false;
        }
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = Encoding.ASCII.GetBytes("v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"))));
        return signatures.Split(' ').Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }

    private Task<string> TokenAsync(string client) => app.TokenAsync(client);

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string token, object? json, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(method, path) { Content = json is null ? null : JsonContent.Create(json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await app.Gateway.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task<T> EventuallyAsync<T>(TimeSpan timeout, Func<T?> probe) where T : class =>
        await EventuallyAsync(timeout, () => Task.FromResult(probe()));

    private static async Task<T> EventuallyAsync<T>(TimeSpan timeout, Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } value) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Nothing within {timeout.TotalSeconds} s");
            await Task.Delay(250);
        }
    }

    /// <summary>A partner's endpoint on loopback: records each POST (lower-cased headers, exact body) and answers 200.</summary>
    private sealed class Receiver : IDisposable
    {
        private readonly HttpListener _listener = new();

        public Receiver()
        {
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}/hooks/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = Task.Run(ListenAsync);
        }

        public string Url { get; }

        public ConcurrentQueue<(IReadOnlyDictionary<string, string> Headers, string Body)> Requests { get; } = new();

        private async Task ListenAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (HttpListenerException) { return; }
                catch (ObjectDisposedException) { return; }
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!.ToLowerInvariant(), k => context.Request.Headers[k]!);
                Requests.Enqueue((headers, body));
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }

        private static int FreePort()
        {
            using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            socket.Start();
            return ((IPEndPoint)socket.LocalEndpoint).Port;
        }

        public void Dispose() => _listener.Close();
    }
}
