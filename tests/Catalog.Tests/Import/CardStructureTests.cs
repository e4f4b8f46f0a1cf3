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
}
