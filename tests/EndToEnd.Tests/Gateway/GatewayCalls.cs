using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace Conference.EndToEnd.Tests.Gateway;

/// <summary>
/// What the gateway tests do as a partner (tokens, calls) and read from the mail sink, through
/// the public gateway only. Sessions are created with the tests' own codes, so no test depends on
/// another's data.
/// </summary>
internal sealed partial class GatewayCalls(ConferenceApp app)
{
    private static readonly string Card = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", "session-card-3.2.2-fr.txt"));

    public HttpClient Gateway => app.Gateway;

    /// <summary>A partner access token from <c>POST /connect/token</c> (all scopes unless some are named).</summary>
    public Task<string> TokenAsync(string client, string? scope = null) => app.TokenAsync(client, scope);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await app.Gateway.SendAsync(request);
    }

    /// <summary>Sends and expects <paramref name="expected"/>; the JSON answer.</summary>
    public async Task<JsonElement> ExpectAsync(HttpStatusCode expected, HttpMethod method, string path, string token, object? json = null)
    {
        using var response = await SendAsync(method, path, token, json is null ? null : JsonContent.Create(json));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>The real session card imported under another code (OIT, ADEC and FAMSI organise it): the session.</summary>
    public async Task<JsonElement> ImportCardAsync(string token, string code)
    {
        Assert.Contains("session 3.2.2 :", Card);
        using var response = await SendAsync(HttpMethod.Post, "/api/v1/sessions/import", token,
            new StringContent(Card.Replace("session 3.2.2 :", $"session {code} :", StringComparison.Ordinal), Encoding.UTF8, "text/plain"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"import: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>Publishes, waits for Registration's seats, and moves the session to <paramref name="startsAt"/> (90 minutes).</summary>
    public async Task PublishInFutureAsync(string token, string id, DateTimeOffset startsAt)
    {
        await ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/sessions/{id}/publish", token);
        await ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/sessions/{id}/reschedule", token,
            new { startsAt = startsAt.UtcDateTime, endsAt = startsAt.AddMinutes(90).UtcDateTime });
        await OpenSeatsAsync(app.Gateway, id, TimeSpan.FromSeconds(90));
    }

    /// <summary>
    /// Waits until Registration answers the session's availability with seats to take. Registration
    /// first hears of a card's publication with the card's own (past) start and answers "closed"
    /// (remaining 0); the seats open once the reschedule reached it too.
    /// </summary>
    public static Task<JsonElement> OpenSeatsAsync(HttpClient gateway, string id, TimeSpan timeout) =>
        EventuallyAsync(timeout, async () =>
        {
            using var r = await gateway.GetAsync($"/api/v1/sessions/{id}/availability");
            if (!r.IsSuccessStatusCode)
            {
                return (JsonElement?)null;
            }
            var seats = await r.Content.ReadFromJsonAsync<JsonElement>();
            return seats.GetProperty("remaining").GetInt32() > 0 ? seats : (JsonElement?)null;
        });

    /// <summary>The manage link (<c>/registrations/{id}?token=...</c>, path and query) of the email sent to <paramref name="to"/>.</summary>
    public async Task<string> ManageLinkFromEmailAsync(string to)
    {
        var message = await EventuallyAsync(TimeSpan.FromSeconds(90), () => FindMailAsync(to));
        var text = (message.TextBody ?? "") + (message.HtmlBody ?? "");
        var match = ManageLink().Match(text);
        Assert.True(match.Success, $"no manage link in the email to {to}: {text}");
        return match.Value;
    }

    private async Task<MimeMessage?> FindMailAsync(string to)
    {
        var list = await app.MailSink.GetFromJsonAsync<JsonElement>("/api/messages?pageSize=5000");
        var items = list.ValueKind == JsonValueKind.Array ? list : list.GetProperty("results");
        foreach (var item in items.EnumerateArray())
        {
            var recipients = item.GetProperty("to");
            var names = recipients.ValueKind == JsonValueKind.Array ? string.Join(",", recipients.EnumerateArray().Select(r => r.GetString())) : recipients.GetString();
            if (names?.Contains(to, StringComparison.OrdinalIgnoreCase) == true)
            {
                await using var raw = await app.MailSink.GetStreamAsync($"/api/messages/{item.GetProperty("id").GetString()}/raw");
                return await MimeMessage.LoadAsync(raw);
            }
        }
        return null;
    }

    public static async Task<T> EventuallyAsync<T>(TimeSpan timeout, Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } value) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Nothing within {timeout.TotalSeconds} s");
            await Task.Delay(1000);
        }
    }

    public static async Task<T> EventuallyAsync<T>(TimeSpan timeout, Func<Task<T?>> probe) where T : struct
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } value) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Nothing within {timeout.TotalSeconds} s");
            await Task.Delay(1000);
        }
    }

    [GeneratedRegex(@"/registrations/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\?token=[A-Za-z0-9_%\-]+")]
    private static partial Regex ManageLink();
}
