using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conference.Gateway.Tests;

/// <summary>
/// Catalog and Registration as the gateway meets them, on one real Kestrel port: the public
/// endpoints of the contract with canned answers, counting the requests that reach them.
/// Sessions: <see cref="Workshop"/> (the real card's times: 17:05–18:35 UTC, offsets UTC-3 and
/// UTC+2; French source, machine-translated Spanish) and <see cref="Hostile"/> (a title of markup,
/// a <c>javascript:</c> document link).
/// </summary>
public sealed class FakeServices : IAsyncLifetime
{
    public static readonly Guid Workshop = Guid.Parse("0197a000-0000-7000-8000-000000000322");
    public static readonly Guid Hostile = Guid.Parse("0197a000-0000-7000-8000-000000000666");
    public static readonly Guid RegistrationId = Guid.Parse("0197a000-0000-7000-8000-0000000000aa");
    public const string ManageToken = "manage-token_0123456789abcdefABCDEF";
    public const string HostileTitle = "<script>alert(1)</script>";

    private WebApplication? _app;

    /// <summary>Base address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Address { get; private set; } = "";

    /// <summary>"GET /api/v1/sessions?q=x" for every request received.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Bodies of the registrations received.</summary>
    public ConcurrentQueue<JsonObject> Registrations { get; } = new();

    /// <summary>The <c>Idempotency-Key</c> of each registration received, in order.</summary>
    public ConcurrentQueue<string> RegistrationKeys { get; } = new();

    // Key → the body it first registered: the same key with another body is Registration's 422.
    private readonly ConcurrentDictionary<string, string> _keyedBodies = new();

    public int Count(string request) => Requests.Count(r => r == request);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Use((http, next) =>
        {
            Requests.Enqueue($"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}");
            return next(http);
        });

        var sessions = new[] { Session(Workshop, "3.2.2", Titles("Innovation sociale", "Innovación social", "Social innovation"), "https://example.org/report.pdf"),
            Session(Hostile, "9.9.9", Titles(HostileTitle, HostileTitle, HostileTitle), "javascript:alert(2)") };
        _app.MapGet("/api/v1/programme", () => Results.Json(new
        {
            thematicLines = new[] { new { code = "3", title = Titles("L'avenir du travail", "El futuro del trabajo", "The future of work"), subThemes = Array.Empty<object>(), sessions } },
            otherSessions = Array.Empty<object>(),
        }));
        _app.MapGet("/api/v1/sessions", () => Results.Json(new { items = sessions, page = 1, pageSize = 100, total = sessions.Length }));
        _app.MapGet("/api/v1/sessions/{id:guid}", (Guid id) =>
            sessions.FirstOrDefault(s => (Guid)s["id"]! == id) is { } s ? Results.Json(s) : Results.Problem(statusCode: 404));
        _app.MapGet("/api/v1/availability", (string sessions) => Results.Json(sessions.Split(',').Select(Guid.Parse)
            .Where(id => sessions.Length > 0 && new[] { Workshop, Hostile }.Contains(id))
            .Select(id => new { sessionId = id, capacity = 160, confirmed = 1, waitlisted = 0, remaining = 159 })));
        _app.MapGet("/api/v1/sessions/{id:guid}/availability", (Guid id) =>
            Results.Json(new { sessionId = id, capacity = 160, confirmed = 1, waitlisted = 0, remaining = 159 }));
        _app.MapPost("/api/v1/sessions/{id:guid}/registrations", async (Guid id, HttpRequest request) =>
        {
            var body = (await JsonNode.ParseAsync(request.Body))!.AsObject();
            Registrations.Enqueue(body);
            var key = request.Headers["Idempotency-Key"].ToString();
            RegistrationKeys.Enqueue(key);
            if (string.IsNullOrWhiteSpace((string?)body["name"]))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["Name is required."] }, statusCode: 422);
            }
            if (key.Length > 0 && _keyedBodies.GetOrAdd(key, body.ToJsonString()) != body.ToJsonString())
            {
                return Results.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["Idempotency-Key"] = ["This Idempotency-Key was already used for a different request (other registration details) in the last 24 hours. Send a new key for a new registration."],
                }, statusCode: 422);
            }
            return Results.Json(new { id = RegistrationId, status = "waitlisted", waitlistPosition = 3, manageToken = ManageToken }, statusCode: 201);
        });
        _app.MapGet("/api/v1/registrations/{id:guid}", (Guid id, HttpRequest request) => Registration(id, request, "waitlisted"));
        _app.MapDelete("/api/v1/registrations/{id:guid}", (Guid id, HttpRequest request) => Registration(id, request, "cancelled"));
        _app.MapPost("/api/v1/sessions/import", () => Results.Json(new { ok = true }, statusCode: 201));
        _app.MapGet("/openapi/v1.json", () => Results.Json(new { openapi = "3.1.1", info = new { title = "Fake", version = "v1" }, paths = new { } }));

        await _app.StartAsync();
        Address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private static IResult Registration(Guid id, HttpRequest request, string status) =>
        id == RegistrationId && request.Headers["X-Registration-Token"] == ManageToken
            ? Results.Json(new
            {
                id,
                sessionId = Workshop,
                name = "Ana <b>Prueba</b>",
                email = "ana@example.org",
                language = "es",
                timeZone = "America/Argentina/Cordoba",
                status,
                waitlistPosition = status == "waitlisted" ? 3 : (int?)null,
                createdAt = DateTimeOffset.UnixEpoch,
            })
            : Results.Problem(statusCode: 404);

    private static Dictionary<string, string> Titles(string fr, string es, string en) => new() { ["fr"] = fr, ["es"] = es, ["en"] = en };

    private static JsonObject Session(Guid id, string code, Dictionary<string, string> title, string documentUrl) =>
        JsonSerializer.SerializeToNode(new
        {
            id,
            code,
            format = "workshop",
            status = "published",
            sourceLanguage = "fr",
            languages = new[] { "en", "fr", "es" },
            title,
            thematicLine = new { code = "3", title = Titles("L'avenir du travail", "El futuro del trabajo", "The future of work") },
            organisers = new[] { "OIT", "ADEC", "FAMSI" },
            startsAt = new DateTime(2031, 6, 1, 17, 5, 0, DateTimeKind.Utc),
            endsAt = new DateTime(2031, 6, 1, 18, 35, 0, DateTimeKind.Utc),
            referenceTimeZones = new[] { "UTC-03:00", "UTC+02:00" },
            platform = "Zoom",
            capacity = 160,
            registrationRequired = true,
            summary = Titles("Résumé <i>en</i> français.", "Resumen en español.", "Summary in English."),
            documents = new[] { new { title = "Report <b>2021</b>", url = documentUrl } },
            translations = new Dictionary<string, object>
            {
                ["fr"] = new { origin = "source" },
                ["es"] = new { origin = "machine", engine = "apertium" },
                ["en"] = new { origin = "reviewed" },
            },
        }, JsonSerializerOptions.Web)!.AsObject();
}
