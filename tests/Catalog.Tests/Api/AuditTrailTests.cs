using System.Net;
using System.Text.Json;
using Conference.Catalog.Tests.Import;

namespace Conference.Catalog.Tests.Api;

/// <summary>
/// Every partner action stages a PartnerActionRecorded in the same transaction as the change, with
/// the actor and only the values it changed (issue 10: audit trail).
/// </summary>
public sealed class AuditTrailTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    // The outbox keeps payloads as jsonb (keys reordered, spaces added): compare as JSON values.
    private static void AssertJson(string expected, JsonElement actual) =>
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(expected), System.Text.Json.Nodes.JsonNode.Parse(actual.GetRawText())),
            $"expected {expected}, got {actual.GetRawText()}");

    [Fact]
    public async Task Import_edit_publish_and_reschedule_of_the_real_card_record_four_actions_with_actor_and_changed_values()
    {
        var client = app.Client("OIT");
        var imported = await client.PostAsync("/api/v1/sessions/import", CatalogApp.Card(Cards.RealFrench));
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var id = (await imported.JsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsync($"/api/v1/sessions/{id}", CatalogApp.Json(new { platform = "Teams" }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/sessions/{id}/publish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/sessions/{id}/reschedule",
            CatalogApp.Json(new { startsAt = "2031-06-02T17:05:00Z", endsAt = "2031-06-02T18:35:00Z" }))).StatusCode);

        var actions = await app.OutboxAsync("PartnerActionRecorded", id);

        Assert.Equal(["import", "edit", "publish", "reschedule"], actions.Select(a => a.GetProperty("action").GetString()));
        Assert.All(actions, a =>
        {
            Assert.Equal(id, a.GetProperty("sessionId").GetGuid());
            Assert.Equal("OIT", a.GetProperty("actor").GetProperty("organiser").GetString());
            Assert.Equal("oit", a.GetProperty("actor").GetProperty("clientId").GetString());
            Assert.Equal(["OIT", "ADEC", "FAMSI"], a.GetProperty("sessionOrganisers").EnumerateArray().Select(o => o.GetString()));
        });

        var import = actions[0];
        Assert.Equal(JsonValueKind.Null, import.GetProperty("before").ValueKind);
        Assert.Equal("3.2.2", import.GetProperty("after").GetProperty("code").GetString());
        Assert.Equal("draft", import.GetProperty("after").GetProperty("status").GetString());
        Assert.Equal(160, import.GetProperty("after").GetProperty("capacity").GetInt32());
        Assert.Equal("2021-06-01T17:05:00Z", import.GetProperty("after").GetProperty("startsAt").GetString());
        Assert.StartsWith("Innovation sociale", import.GetProperty("after").GetProperty("title").GetProperty("fr").GetString());

        AssertJson("""{"platform":"Zoom"}""", actions[1].GetProperty("before"));
        AssertJson("""{"platform":"Teams"}""", actions[1].GetProperty("after"));
        AssertJson("""{"status":"draft"}""", actions[2].GetProperty("before"));
        AssertJson("""{"status":"published"}""", actions[2].GetProperty("after"));
        AssertJson("""{"startsAt":"2021-06-01T17:05:00Z","endsAt":"2021-06-01T18:35:00Z"}""", actions[3].GetProperty("before"));
        AssertJson("""{"startsAt":"2031-06-02T17:05:00Z","endsAt":"2031-06-02T18:35:00Z"}""", actions[3].GetProperty("after"));
    }

    [Fact]
    public async Task An_action_that_changes_nothing_records_nothing_and_a_refused_one_records_nothing()
    {
        var client = app.Client("OIT");
        var card = Cards.RealFrench.Replace("Titre de la session 3.2.2 :", "Titre de la session 8.8.8 :");
        var id = (await (await client.PostAsync("/api/v1/sessions/import", CatalogApp.Card(card))).JsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsync($"/api/v1/sessions/{id}", CatalogApp.Json(new { platform = "Zoom" }))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client("UNDP").PostAsync($"/api/v1/sessions/{id}/publish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/sessions/{id}/cancel", CatalogApp.Json(new { reason = "Speaker ill" }))).StatusCode);

        var actions = await app.OutboxAsync("PartnerActionRecorded", id);

        Assert.Equal(["import", "cancel"], actions.Select(a => a.GetProperty("action").GetString()));
        AssertJson("""{"status":"draft","reason":null}""", actions[1].GetProperty("before"));
        AssertJson("""{"status":"cancelled","reason":"Speaker ill"}""", actions[1].GetProperty("after"));
    }
}
