using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Conference.Bench.Stack;

/// <summary>Seats of a session as <c>GET /api/v1/sessions/{id}/availability</c> gives them.</summary>
internal sealed record Availability(int Capacity, int Confirmed, int Waitlisted, int Remaining);

/// <summary>One registration answer: HTTP status, and the registration id when it was 201.</summary>
internal sealed record RegisterAnswer(int Status, Guid? Id, string? Outcome);

/// <summary>
/// The public API as partners and attendees use it, through the gateway only (docs/api-contract.md):
/// a partner token (client <c>oit</c>), sessions created as JSON and published, registrations.
/// </summary>
internal sealed class ConferenceApi(HttpClient http, string partnerSecret)
{
    private string? _token;

    public HttpClient Http => http;

    public async Task<string> TokenAsync()
    {
        if (_token is not null)
        {
            return _token;
        }
        using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "oit",
            ["client_secret"] = partnerSecret,
        }));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"token: {(int)response.StatusCode} {body}");
        }
        return _token = body.GetProperty("access_token").GetString()!;
    }

    /// <summary>Creates a draft session (JSON, source language English unless <paramref name="body"/> says otherwise) and publishes it.</summary>
    public async Task<Guid> PublishSessionAsync(string code, int capacity, object? body = null)
    {
        body ??= new
        {
            code,
            format = "workshop",
            sourceLanguage = "en",
            languages = new[] { "en" },
            title = $"Bench session {code}",
            thematicLine = new { code = "9", title = "Bench" },
            subTheme = new { code = "9.1", title = "Bench" },
            organisers = new[] { "OIT" },
            startsAt = new DateTimeOffset(DateTimeOffset.UtcNow.Year + 5, 6, 1, 17, 0, 0, TimeSpan.Zero),
            endsAt = new DateTimeOffset(DateTimeOffset.UtcNow.Year + 5, 6, 1, 18, 30, 0, TimeSpan.Zero),
            capacity,
        };
        var created = await SendAsync(HttpMethod.Post, "/api/v1/sessions", JsonContent.Create(body), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        await PublishAsync(id);
        return id;
    }

    /// <summary>Imports a session card (text/plain) and returns its id.</summary>
    public async Task<Guid> ImportCardAsync(string card)
    {
        var imported = await SendAsync(HttpMethod.Post, "/api/v1/sessions/import", new StringContent(card, System.Text.Encoding.UTF8, "text/plain"), HttpStatusCode.Created, HttpStatusCode.OK);
        return imported.GetProperty("id").GetGuid();
    }

    public Task PublishAsync(Guid id) => SendAsync(HttpMethod.Post, $"/api/v1/sessions/{id}/publish", null, HttpStatusCode.OK);

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, HttpContent? content, params HttpStatusCode[] expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync());
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!expected.Contains(response.StatusCode))
        {
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
        }
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<Availability?> AvailabilityAsync(Guid id)
    {
        using var response = await http.GetAsync($"/api/v1/sessions/{id}/availability");
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }
        var a = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new Availability(a.GetProperty("capacity").GetInt32(), a.GetProperty("confirmed").GetInt32(),
            a.GetProperty("waitlisted").GetInt32(), a.GetProperty("remaining").GetInt32());
    }

    /// <summary>Waits until Registration has opened the session's seats (it learns of them from SessionPublished).</summary>
    public async Task WaitOpenAsync(Guid id, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (await AvailabilityAsync(id) is null)
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Session {id} had no seats after {timeout.TotalSeconds} s");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Registers an attendee (language en, Europe/Madrid). Network failures answer status 0.</summary>
    public async Task<RegisterAnswer> RegisterAsync(Guid session, string email, string language = "en")
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sessions/{session}/registrations")
            {
                Content = JsonContent.Create(new { name = "Bench Attendee", email, language, timeZone = "Europe/Madrid" }),
            };
            request.Headers.Add("X-Forwarded-For", AttendeeAddress());
            using var response = await http.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                return new RegisterAnswer((int)response.StatusCode, null, null);
            }
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return new RegisterAnswer(201, body.GetProperty("id").GetGuid(), body.GetProperty("status").GetString());
        }
        catch (HttpRequestException)
        {
            return new RegisterAnswer(0, null, null);
        }
        catch (TaskCanceledException)
        {
            return new RegisterAnswer(0, null, null);
        }
    }

    /// <summary>An address of the attendee's own (10.0.0.0/8), as the reverse proxy in front of the gateway reports it.</summary>
    private static string AttendeeAddress() => $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";

    public async Task<JsonElement?> SessionAsync(Guid id, bool partner = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/sessions/{id}");
        if (partner)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync());
        }
        using var response = await http.SendAsync(request);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : null;
    }
}
