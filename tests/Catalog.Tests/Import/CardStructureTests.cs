using System.Text;
using Conference.Catalog.Import;

namespace Conference.Catalog.Tests.Import;

/// <summary>
/// What the parser does with the card's text as a whole: Unicode normalisation, lines that belong
/// to no field, fields given twice, and the languages against the source language.
/// </summary>
public sealed class CardStructureTests
{
    private static Dictionary<string, string[]> Errors(string card)
    {
        var result = SessionCardParser.Parse(card);
        Assert.True(result.IsCard, result.NotACardReason);
        return result.Problems.ToDictionary();
    }

    private static string Describe(Dictionary<string, string[]> errors) =>
        string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"));

    [Fact]
    public void The_real_card_decomposed_to_NFD_reads_exactly_as_the_real_card_with_NFC_values()
    {
        var nfd = Cards.RealFrench.Normalize(NormalizationForm.FormD);
        Assert.NotEqual(Cards.RealFrench, nfd); // the card does hold composed letters (é, è, ...)

        var result = SessionCardParser.Parse(nfd);
        var expected = SessionCardParser.Parse(Cards.RealFrench).Content;

        Assert.True(result.IsCard, result.NotACardReason);
        Assert.False(result.Problems.Any, Describe(result.Problems.ToDictionary()));
        var c = result.Content;
        Assert.Equal(160, c.Capacity);
        Assert.Equal("3.2.2", c.Code);
        Assert.Equal(expected.StartsAt, c.StartsAt);
        Assert.Equal(["en", "fr", "es"], c.Languages);
        Assert.Equal("Représentation collective et dialogue social multi-niveaux", c.SubTheme!.Title);
        Assert.Equal(expected.ThematicLine!.Title, c.ThematicLine!.Title);
        foreach (var (field, text) in expected.Texts)
        {
            Assert.Equal(text, c.Texts[field]);
            Assert.True(c.Texts[field].IsNormalized(NormalizationForm.FormC), field);
        }
        Assert.Equal(expected.Documents, c.Documents);
    }

    [Fact]
    public void A_summary_without_its_heading_is_refused_naming_the_line_not_dropped()
    {
        var card = Cards.RealFrench.Replace("Bref résumé de la session (max. 250 mots) :\n", "");

        var errors = Errors(card);

        Assert.Equal(["languages"], errors.Keys);
        var message = Assert.Single(errors["languages"]);
        Assert.StartsWith("Line 28 (\"La crise dévastatrice qui touche la plupart des pays", message);
        Assert.Contains("belongs to no field", message);
        Assert.Contains("\"Bref résumé de la session (max. 250 mots) :\"", message);
    }

    [Fact]
    public void An_unrecognised_heading_and_its_text_are_refused_as_text_of_no_field()
    {
        var card = Cards.RealFrench.Replace("Bref résumé de la session (max. 250 mots) :", "Petit sommaire (max. 250 mots) :");

        var errors = Errors(card);

        Assert.Equal(["languages"], errors.Keys);
        Assert.StartsWith("Lines 27 to 29 (from \"Petit sommaire (max. 250 mots) :\")", Assert.Single(errors["languages"]));
    }

    [Fact]
    public void A_field_value_continued_on_the_next_line_is_refused_not_cut()
    {
        var card = Cards.English.Replace("**Platform:** Zoom", "**Platform:** Zoom\nwith captions");

        var errors = Errors(card);

        Assert.Equal(["platform"], errors.Keys);
        Assert.StartsWith("Line 16 (\"with captions\") belongs to no field", Assert.Single(errors["platform"]));
    }

    [Theory]
    [InlineData("Capacité de la session : 160", "Capacité de la session : 160\n\nCapacité de la session : 20", "capacity", 21, 23)]
    [InlineData("Capacité de la session : 160", "Capacité de la session : 160\nCapacité : 20", "capacity", 21, 22)]
    [InlineData("Date : 01/06/2021", "Date : 01/06/2021\n\nDate : 02/06/2021", "date", 15, 17)]
    [InlineData("Plate-forme : Zoom", "Plate-forme : Zoom\n\nTitre de la session 8.8.8 : Autre titre", "title", 7, 21)]
    public void A_field_given_twice_is_refused_naming_it(string line, string twice, string field, int first, int second)
    {
        var errors = Errors(Cards.RealFrench.Replace(line, twice));

        Assert.Equal([field], errors.Keys);
        var message = Assert.Single(errors[field]);
        Assert.StartsWith($"Line {second} (", message);
        Assert.Contains($"gives {field} again (first on line {first}): a card gives each field once.", message);
    }

    [Fact]
    public void A_text_section_given_twice_is_refused_naming_it()
    {
        var card = Cards.English.Replace("## 4. Main discussion points", "## Objectives\n\nMore objectives.\n\n## 4. Main discussion points");

        var errors = Errors(card);

        Assert.Equal(["objectives"], errors.Keys);
        Assert.Contains("gives objectives again (first on line 33)", Assert.Single(errors["objectives"]));
    }

    [Fact]
    public void Languages_that_leave_out_the_source_language_are_refused()
    {
        var errors = Errors(Cards.RealFrench.Replace("Langue : EN/FR/SPA", "Langue : EN/SPA"));

        Assert.Equal(["languages"], errors.Keys);
        Assert.Equal(["The languages must include the source language fr."], errors["languages"]);
    }
}
