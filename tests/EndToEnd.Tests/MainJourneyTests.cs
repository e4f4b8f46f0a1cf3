using System.Net.Http.Headers;
using System.Text;
using MimeKit;
using Conference.EndToEnd.Tests.Gateway;

namespace Conference.EndToEnd.Tests;

/// <summary>
/// Issue 2's acceptance through the public gateway only: a partner imports the real session card,
/// publishes it, Translation adds English and Spanish, the partner moves it to the future, an
/// attendee registers and receives an email with an iCalendar invitation at the right instant.
/// </summary>
[Collection(ConferenceCollection.Name)]
public sealed class MainJourneyTests(ConferenceApp app)
{
    private static readonly string Card = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", "session-card-3.2.2-fr.txt"));

    [Fact]
    public async Task The_real_session_card_goes_through_every_service()
    {
        var token = await TokenAsync("oit");

        // Import the card as it is.
        using var import = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sessions/import")
        {
            Content = new StringContent(Card, Encoding.UTF8, "text/plain"),
        };
        import.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var imported = await app.Gateway.SendAsync(import);
        var body = await imported.Content.ReadAsStringAsync();
        Assert.True(imported.StatusCode == HttpStatusCode.Created, $"import: {(int)imported.StatusCode} {body}");
        Assert.NotNull(imported.Headers.Location);
        var session = JsonDocument.Parse(body).RootElement;

        Assert.Equal("3.2.2", session.GetProperty("code").GetString());
        Assert.Equal("workshop", session.GetProperty("format").GetString());
        Assert.Equal("draft", session.GetProperty("status").GetString());
        Assert.Equal("fr", session.GetProperty("sourceLanguage").GetString());
        Assert.Equal(["en", "es", "fr"], session.GetProperty("languages").EnumerateArray().Select(l => l.GetString()).Order());
        Assert.Equal(
            "Innovation sociale, communautés locales, et développement inclusif et durable : entreprises communautaires, l'avenir du travail, DEL, et économie verte",
            session.GetProperty("title").GetProperty("fr").GetString()!.TrimEnd('.'));
        Assert.Equal("3", session.GetProperty("thematicLine").GetProperty("code").GetString());
        Assert.StartsWith("L'avenir du travail", session.GetProperty("thematicLine").GetProperty("title").GetProperty("fr").GetString());
        Assert.Equal("3.2", session.GetProperty("subTheme").GetProperty("code").GetString());
        Assert.Equal("Représentation collective et dialogue social multi-niveaux", session.GetProperty("subTheme").GetProperty("title").GetProperty("fr").GetString());
        Assert.Equal(["OIT", "ADEC", "FAMSI"], session.GetProperty("organisers").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal(new DateTimeOffset(2021, 6, 1, 17, 5, 0, TimeSpan.Zero), session.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2021, 6, 1, 18, 35, 0, TimeSpan.Zero), session.GetProperty("endsAt").GetDateTimeOffset());
        Assert.Equal("Zoom", session.GetProperty("platform").GetString());
        Assert.Equal(160, session.GetProperty("capacity").GetInt32());
        Assert.True(session.GetProperty("registrationRequired").GetBoolean());
        Assert.StartsWith("La crise dévastatrice", session.GetProperty("summary").GetProperty("fr").GetString());
        var concept = session.GetProperty("conceptualisation").GetProperty("fr").GetString()!;
        Assert.StartsWith("Pour faire face", concept);
        Assert.Contains("La transition écologique", concept);
        Assert.DoesNotContain("**", concept);
        Assert.DoesNotContain("Conceptualisation", concept);
        Assert.StartsWith("Cette session vise", session.GetProperty("objectives").GetProperty("fr").GetString());
        Assert.True(!session.TryGetProperty("discussionPoints", out var dp) || string.IsNullOrWhiteSpace(dp.TryGetProperty("fr", out var dpfr) ? dpfr.GetString() : null));
        var documents = session.GetProperty("documents").EnumerateArray().ToList();
        Assert.Equal(2, documents.Count);
        Assert.Contains("Observatoire du BIT", documents[0].GetProperty("title").GetString());
        Assert.Contains("Social and Solidarity Economy and the Future of Work", documents[1].GetProperty("title").GetString());
        Assert.All(documents, d => Assert.Equal(JsonValueKind.Null, d.GetProperty("url").ValueKind));

        var id = session.GetProperty("id").GetString()!;

        // Publish; English and Spanish appear, made by the machine.
        var published = await SendAsync(HttpMethod.Post, $"/api/v1/sessions/{id}/publish", token, null);
        Assert.Equal("published", published.GetProperty("status").GetString());
        var translated = await EventuallyAsync(TimeSpan.FromSeconds(90), async () =>
        {
            var s = await app.Gateway.GetFromJsonAsync<JsonElement>($"/api/v1/sessions/{id}");
            var title = s.GetProperty("title");
            return title.TryGetProperty("en", out var en) && !string.IsNullOrWhiteSpace(en.GetString())
                && title.TryGetProperty("es", out var es) && !string.IsNullOrWhiteSpace(es.GetString()) ? s : (JsonElement?)null;
        });
        Assert.Equal("machine", translated.GetProperty("translations").GetProperty("en").GetProperty("origin").GetString());
        Assert.Equal("machine", translated.GetProperty("translations").GetProperty("es").GetProperty("origin").GetString());
        Assert.False(string.IsNullOrWhiteSpace(translated.GetProperty("summary").GetProperty("es").GetString()));
        Assert.NotEqual(translated.GetProperty("title").GetProperty("fr").GetString(), translated.GetProperty("title").GetProperty("es").GetString());

        // Move it to the future; 160 seats are open.
        var startsAt = new DateTimeOffset(DateTimeOffset.UtcNow.Year + 5, 6, 1, 17, 5, 0, TimeSpan.Zero);
        await SendAsync(HttpMethod.Post, $"/api/v1/sessions/{id}/reschedule", token,
            new { startsAt = startsAt.UtcDateTime, endsAt = startsAt.AddMinutes(90).UtcDateTime });
        var availability = await GatewayCalls.OpenSeatsAsync(app.Gateway, id, TimeSpan.FromSeconds(60));
        Assert.Equal(160, availability.GetProperty("capacity").GetInt32());

        // An attendee registers and is emailed an invitation at the session's start instant.
        var email = $"ana.{Guid.NewGuid().ToString("N")[..8]}@example.org";
        using var registered = await app.Gateway.PostAsJsonAsync($"/api/v1/sessions/{id}/registrations",
            new { name = "Ana Prueba", email, language = "fr", timeZone = "America/Argentina/Cordoba" });
        var registration = await registered.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(registered.StatusCode == HttpStatusCode.Created, $"register: {(int)registered.StatusCode} {registration}");
        Assert.Equal("confirmed", registration.GetProperty("status").GetString());

        var mail = await EventuallyAsync(TimeSpan.FromSeconds(60), () => FindMailAsync(email));
        var calendar = mail.BodyParts.OfType<MimePart>().FirstOrDefault(p => p.ContentType.MimeType == "text/calendar")
            ?? throw new Xunit.Sdk.XunitException("the email has no text/calendar part");
        Assert.NotNull(calendar);
        Assert.Equal("REQUEST", calendar.ContentType.Parameters["method"], ignoreCase: true);
        using var ics = new MemoryStream();
        Assert.NotNull(calendar.Content);
        await calendar.Content.DecodeToAsync(ics);
        var lines = Encoding.UTF8.GetString(ics.ToArray()).Replace("\r\n ", "", StringComparison.Ordinal).Split("\r\n");
        var dtstart = lines.Single(l => l.StartsWith("DTSTART", StringComparison.Ordinal));
        Assert.Equal($"DTSTART:{startsAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}", dtstart);
    }

    private Task<string> TokenAsync(string client) => app.TokenAsync(client);

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string token, object? json)
    {
        using var request = new HttpRequestMessage(method, path) { Content = json is null ? null : JsonContent.Create(json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await app.Gateway.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private async Task<MimeMessage?> FindMailAsync(string to)
    {
        var list = await app.MailSink.GetFromJsonAsync<JsonElement>("/api/messages?pageSize=5000");
        var items = list.ValueKind == JsonValueKind.Array ? list : list.GetProperty("results");
        foreach (var item in items.EnumerateArray())
        {
            var recipients = item.GetProperty("to");
            var text = recipients.ValueKind == JsonValueKind.Array ? string.Join(",", recipients.EnumerateArray().Select(r => r.GetString())) : recipients.GetString();
            if (text?.Contains(to, StringComparison.OrdinalIgnoreCase) == true)
            {
                await using var raw = await app.MailSink.GetStreamAsync($"/api/messages/{item.GetProperty("id").GetString()}/raw");
                return await MimeMessage.LoadAsync(raw);
            }
        }
        return null;
    }

    private static async Task<T> EventuallyAsync<T>(TimeSpan timeout, Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (value is not null) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Nothing within {timeout.TotalSeconds} s");
            await Task.Delay(1000);
        }
    }

    private static async Task<T> EventuallyAsync<T>(TimeSpan timeout, Func<Task<T?>> probe) where T : struct
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (value is not null) return value.Value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Nothing within {timeout.TotalSeconds} s");
            await Task.Delay(1000);
        }
    }
}
