using System.Net;
using System.Text;
using System.Text.Json;
using Conference.Catalog.Tests.Import;

namespace Conference.Catalog.Tests.Api;

/// <summary>Rules found by testing the partner API end to end: what is refused (422 naming the field) and that a refusal changes nothing.</summary>
public sealed class SessionRulesTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    private static string CardWithCode(string code) => Cards.RealFrench.Replace("Titre de la session 3.2.2 :", $"Titre de la session {code} :");

    private async Task<JsonElement> ImportAsync(string card, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await app.Client("OIT").PostAsync("/api/v1/sessions/import", CatalogApp.Card(card));
        Assert.Equal(expected, response.StatusCode);
        return await response.JsonAsync();
    }

    private async Task<JsonElement> SessionAsync(Guid id)
    {
        var response = await app.Client("OIT").GetAsync($"/api/v1/sessions/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    private static Dictionary<string, string[]> Errors(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().ToDictionary(e => e.Name, e => e.Value.EnumerateArray().Select(m => m.GetString()!).ToArray());

    [Fact]
    public async Task A_card_normalised_to_NFD_imports_as_the_card_with_NFC_texts()
    {
        var s = await ImportAsync(CardWithCode("8.1.1").Normalize(NormalizationForm.FormD));

        Assert.Equal(160, s.GetProperty("capacity").GetInt32());
        var title = s.GetProperty("title").GetProperty("fr").GetString()!;
        Assert.Equal("Innovation sociale, communautés locales, et développement inclusif et durable : entreprises communautaires, l'avenir du travail, DEL, et économie verte.", title);
        Assert.True(title.IsNormalized(NormalizationForm.FormC));
        Assert.Equal("Représentation collective et dialogue social multi-niveaux", s.GetProperty("subTheme").GetProperty("title").GetProperty("fr").GetString());
        Assert.StartsWith("La crise dévastatrice", s.GetProperty("summary").GetProperty("fr").GetString());
    }

    [Fact]
    public async Task A_card_whose_summary_lost_its_heading_is_refused_and_nothing_is_stored()
    {
        var before = await app.SessionCountAsync();
        var card = CardWithCode("8.2.1").Replace("Bref résumé de la session (max. 250 mots) :\n", "");

        var problem = await ImportAsync(card, HttpStatusCode.UnprocessableEntity);

        var errors = Errors(problem);
        Assert.Equal(["languages"], errors.Keys);
        Assert.Contains("belongs to no field", Assert.Single(errors["languages"]));
        Assert.Equal(before, await app.SessionCountAsync());
    }

    [Theory]
    [InlineData("Capacité de la session : 160", "Capacité de la session : 160\n\nCapacité de la session : 20", "capacity")]
    [InlineData("Date : 01/06/2021", "Date : 01/06/2021\n\nDate : 02/06/2021", "date")]
    [InlineData("Plate-forme : Zoom", "Plate-forme : Zoom\n\nTitre de la session 8.8.8 : Autre titre", "title")]
    public async Task A_card_giving_a_field_twice_is_refused_naming_it_and_nothing_is_stored(string line, string twice, string field)
    {
        var before = await app.SessionCountAsync();

        var problem = await ImportAsync(CardWithCode("8.3.1").Replace(line, twice), HttpStatusCode.UnprocessableEntity);

        var errors = Errors(problem);
        Assert.Equal([field], errors.Keys);
        Assert.Contains("a card gives each field once", Assert.Single(errors[field]));
        Assert.Equal(before, await app.SessionCountAsync());
    }

    [Fact]
    public async Task Reimporting_a_published_card_with_another_capacity_is_refused_like_PATCH()
    {
        var id = (await ImportAsync(CardWithCode("8.4.1"))).GetProperty("id").GetGuid();
        var client = app.Client("OIT");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/sessions/{id}/publish", null)).StatusCode);

        var problem = await ImportAsync(CardWithCode("8.4.1").Replace("Capacité de la session : 160", "Capacité de la session : 1").Replace("Plate-forme : Zoom", "Plate-forme : Teams"),
            HttpStatusCode.UnprocessableEntity);

        var errors = Errors(problem);
        Assert.Equal(["capacity"], errors.Keys);
        Assert.Equal([$"Once published, the seats belong to Registration: PUT /api/v1/sessions/{id}/capacity."], errors["capacity"]);
        var stored = await SessionAsync(id);
        Assert.Equal(160, stored.GetProperty("capacity").GetInt32());
        Assert.Equal("Zoom", stored.GetProperty("platform").GetString());

        var same = await ImportAsync(CardWithCode("8.4.1").Replace("Plate-forme : Zoom", "Plate-forme : Teams"), HttpStatusCode.OK);
        Assert.Equal(160, same.GetProperty("capacity").GetInt32());
        Assert.Equal("Teams", same.GetProperty("platform").GetString());
    }

    [Fact]
    public async Task Reimporting_a_draft_card_with_another_capacity_changes_it()
    {
        await ImportAsync(CardWithCode("8.4.2"));

        var again = await ImportAsync(CardWithCode("8.4.2").Replace("Capacité de la session : 160", "Capacité de la session : 1"), HttpStatusCode.OK);

        Assert.Equal(1, again.GetProperty("capacity").GetInt32());
    }
}
