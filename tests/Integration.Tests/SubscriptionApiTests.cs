using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Conference.Integration.Webhooks;
using Microsoft.Extensions.Options;

namespace Conference.Integration.Tests;

/// <summary>Subscriptions through the API: validation, ownership, the secret shown once, deletion; and the SSRF guard of the sender.</summary>
public sealed class SubscriptionApiTests(IntegrationApp app) : IClassFixture<IntegrationApp>
{
    [Fact]
    public async Task Creating_answers_201_with_the_secret_once_and_listing_never_shows_it()
    {
        var client = app.Client("OIT");
        var created = await client.PostAsJsonAsync("/api/v1/webhooks", new { url = "https://partner.example/hooks", events = new[] { "registration.confirmed", "session.published" } });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/webhooks/{id}", created.Headers.Location!.OriginalString);
        Assert.Matches("^whsec_[A-Za-z0-9+/]{43}=$", body.GetProperty("secret").GetString());
        Assert.Equal(["session.published", "registration.confirmed"], body.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("active", body.GetProperty("status").GetString());
        Assert.Equal("oit", body.GetProperty("createdBy").GetString());

        var listed = await client.GetFromJsonAsync<JsonElement>("/api/v1/webhooks");
        var item = listed.GetProperty("items").EnumerateArray().Single(s => s.GetProperty("id").GetGuid() == id);
        Assert.False(item.TryGetProperty("secret", out _));
        Assert.False((await client.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{id}")).TryGetProperty("secret", out _));
    }

    [Theory]
    [InlineData("http://partner.example/hooks", "url")]
    [InlineData("https://10.1.2.3/hooks", "url")]
    [InlineData("https://169.254.169.254/latest/meta-data", "url")]
    [InlineData("https://[fd00::1]/hooks", "url")]
    [InlineData("https://localhost/hooks", "url")]
    [InlineData("https://user:pass@partner.example/hooks", "url")]
    [InlineData("ftp://partner.example/hooks", "url")]
    [InlineData("not a url", "url")]
    [InlineData("https://partner.example/hooks", "events")]
    public async Task An_unacceptable_subscription_is_refused_with_422_naming_the_field(string url, string field)
    {
        var events = field == "events" ? new[] { "session.published", "session.exploded" } : ["session.published"];

        var response = await app.Client("OIT").PostAsJsonAsync("/api/v1/webhooks", new { url, events });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Registration_events_with_their_personal_data_need_the_registrations_scope()
    {
        var client = app.Client("OIT");
        client.DefaultRequestHeaders.Add("X-Test-Scopes", "sessions");

        var refused = await client.PostAsJsonAsync("/api/v1/webhooks", new { url = "https://partner.example/hooks", events = new[] { "session.published", "registration.confirmed" } });
        var sessionsOnly = await client.PostAsJsonAsync("/api/v1/webhooks", new { url = "https://partner.example/hooks", events = new[] { "session.published" } });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.Created, sessionsOnly.StatusCode);
    }

    [Fact]
    public async Task Bodiless_or_malformed_requests_answer_problem_details_not_500()
    {
        var client = app.Client("OIT");
        var malformed = await client.PostAsync("/api/v1/webhooks", new StringContent("{\"url\": ", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var empty = await client.PostAsJsonAsync("/api/v1/webhooks", new { });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client(null).GetAsync("/api/v1/webhooks")).StatusCode);
        var (id, _) = await app.SubscribeAsync("OIT", "https://partner.example/paged", "session.published");
        foreach (var query in new[] { "page=0", "page=2147483647", "pageSize=201", "status=lost", "page=x" })
        {
            var bad = await client.GetAsync($"/api/v1/webhooks/{id}/deliveries?{query}");
            Assert.True(bad.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest, $"{query}: {bad.StatusCode}");
            Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);
        }
    }

    [Fact]
    public async Task Another_partners_subscription_is_not_found_and_deleting_ones_own_records_it()
    {
        var (id, _) = await app.SubscribeAsync("OIT", "https://partner.example/oit", EventKinds.SessionPublished);
        var adec = app.Client("ADEC");
        Assert.Equal(HttpStatusCode.NotFound, (await adec.GetAsync($"/api/v1/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await adec.DeleteAsync($"/api/v1/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await adec.GetAsync($"/api/v1/webhooks/{id}/deliveries")).StatusCode);
        Assert.DoesNotContain((await adec.GetFromJsonAsync<JsonElement>("/api/v1/webhooks")).GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetGuid() == id);

        var oit = app.Client("OIT");
        Assert.Equal(HttpStatusCode.NoContent, (await oit.DeleteAsync($"/api/v1/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await oit.GetAsync($"/api/v1/webhooks/{id}")).StatusCode);

        var audit = await oit.GetFromJsonAsync<JsonElement>("/api/v1/webhooks/audit");
        var actions = audit.GetProperty("items").EnumerateArray()
            .Where(a => (a.GetProperty("after").TryGetProperty("subscriptionId", out var s) ? s.GetGuid() : Guid.Empty) == id).ToList();
        Assert.Equal(["webhook-create", "webhook-delete"], actions.Select(a => a.GetProperty("action").GetString()));
        Assert.Equal("oit", actions[0].GetProperty("actor").GetProperty("clientId").GetString());
        Assert.Equal("https://partner.example/oit", actions[0].GetProperty("after").GetProperty("url").GetString());
        Assert.Equal("deleted", actions[1].GetProperty("after").GetProperty("status").GetString());
        Assert.DoesNotContain(audit.GetProperty("items").EnumerateArray(), a => a.ToString().Contains("whsec_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task In_production_the_sender_reaches_no_loopback_private_or_plain_http_address()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var url = receiver.NewUrl(out var path);
        var port = new Uri(url).Port;
        using var production = new WebhookSender(Options.Create(new WebhookOptions { Timeout = TimeSpan.FromSeconds(5) }));
        var secret = WebhookSigning.NewSecret();

        var outcomes = new List<DeliveryOutcome>();
        foreach (var target in new[] { url, $"https://127.0.0.1:{port}{path}", $"https://10.0.0.1:{port}/", $"https://[::1]:{port}/", "https://169.254.169.254/latest" })
        {
            outcomes.Add(await production.SendAsync(target, Guid.NewGuid(), "{}", secret, DateTimeOffset.UtcNow, default));
        }

        Assert.All(outcomes, o =>
        {
            Assert.Null(o.StatusCode);
            Assert.False(string.IsNullOrEmpty(o.Error));
        });
        Assert.Empty(receiver.On(path));
        using var development = new WebhookSender(Options.Create(new WebhookOptions { AllowLoopbackHttp = true }));
        Assert.Equal(200, (await development.SendAsync(url, Guid.NewGuid(), "{}", secret, DateTimeOffset.UtcNow, default)).StatusCode);
        Assert.Single(receiver.On(path));
    }

    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("172.16.5.4", true)]
    [InlineData("192.168.1.1", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fd12:3456::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("8.8.8.8", false)]
    [InlineData("2001:4860:4860::8888", false)]
    public void Private_and_special_ranges_are_denied_public_ones_allowed(string address, bool denied) =>
        Assert.Equal(denied, WebhookUrls.IsDenied(System.Net.IPAddress.Parse(address)));
}
