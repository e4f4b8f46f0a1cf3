using System.Security.Cryptography;
using System.Text;
using Conference.Contracts;
using Microsoft.AspNetCore.Http;

namespace Conference.Integration.Tests;

/// <summary>Integration events of one session as the other services publish them, each a moment after the last.</summary>
public sealed class SessionStory(params string[] organisers)
{
    private DateTimeOffset _clock = DateTimeOffset.UtcNow.AddMinutes(-10);

    public Guid SessionId { get; } = Guid.NewGuid();
    public string Code { get; } = "9." + RandomNumberGenerator.GetInt32(1, 99) + "." + RandomNumberGenerator.GetInt32(1, 99);

    private DateTimeOffset Next() => _clock = _clock.AddSeconds(1);

    private static Guid Id() => Guid.CreateVersion7();

    public SessionSnapshot Snapshot(string platform = "Zoom") => new(
        SessionId, Code, "workshop", "fr", ["en", "fr", "es"], organisers,
        new DateTimeOffset(2030, 6, 1, 17, 5, 0, TimeSpan.Zero), new DateTimeOffset(2030, 6, 1, 18, 35, 0, TimeSpan.Zero),
        [-180, 120], platform, 160, true,
        new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["title"] = new Dictionary<string, string> { ["fr"] = "Innovation sociale, communautés locales, et développement inclusif et durable" },
            ["summary"] = new Dictionary<string, string> { ["fr"] = "La crise dévastatrice qui touche la plupart des pays." },
        },
        "https://zoom.example/j/123", 1);

    /// <summary>Catalog's audit of the import of the session as a draft: the only event of a draft, it gives Integration the organisers.</summary>
    public PartnerActionRecorded Imported() => new(Id(), Next(), SessionId, new PartnerActor(organisers[0], organisers[0].ToLowerInvariant()), "import", null,
        System.Text.Json.JsonSerializer.SerializeToElement(new { code = Code, status = "draft" }), organisers);

    public SessionPublished Published() => new(Id(), Next(), Snapshot());

    public SessionUpdated Updated() => new(Id(), Next(), Snapshot(platform: "Teams"), ["platform"]);

    public SessionRescheduled Rescheduled() => new(Id(), Next(), SessionId,
        new DateTimeOffset(2030, 6, 2, 17, 5, 0, TimeSpan.Zero), new DateTimeOffset(2030, 6, 2, 18, 35, 0, TimeSpan.Zero), 2);

    public SessionTranslated Translated() => new(Id(), Next(), SessionId, "es",
        new Dictionary<string, string> { ["title"] = "Innovación social, comunidades locales" }, "machine", "apertium");

    public SessionCancelled Cancelled() => new(Id(), Next(), SessionId, "Speaker ill");

    public Attendee Attendee(string name = "Ana Pérez", string email = "ana@example.org") =>
        new(Guid.NewGuid(), SessionId, name, email, "es", "America/Montevideo", "secret-manage-token");

    public RegistrationConfirmed Confirmed(Attendee a) => new(Id(), Next(), a);

    public RegistrationWaitlisted Waitlisted(Attendee a) => new(Id(), Next(), a with { ManageToken = "another-secret-token" }, 1);

    public RegistrationPromoted Promoted(Attendee a) => new(Id(), Next(), a with { ManageToken = "" });

    public RegistrationCancelled CancelledRegistration(Attendee a) => new(Id(), Next(), a with { ManageToken = "" }, "attendee", true);
}

/// <summary>
/// How a receiver checks a delivery (the C# example of the README, word for word in substance): the
/// timestamp within five minutes of now, and <c>v1,</c> + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}"))
/// among the signatures, compared in constant time; the key is the base64 after <c>whsec_</c>.
/// </summary>
public static class WebhookVerification
{
    public static bool Verify(string secret, IHeaderDictionary headers, string body, DateTimeOffset now)
    {
        string id = headers["webhook-id"].ToString(), timestamp = headers["webhook-timestamp"].ToString(), signatures = headers["webhook-signature"].ToString();
        if (!long.TryParse(timestamp, out var seconds) || Math.Abs(now.ToUnixTimeSeconds() - seconds) > 5 * 60)
        {
            return false; // too old (or from the future): a replay
        }
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = Encoding.ASCII.GetBytes("v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"))));
        return signatures.Split(' ').Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }
}
