using Conference.Catalog.Import;

namespace Conference.Catalog.Tests.Import;

public sealed class RealCardParsingTests
{
    private static readonly CardParseResult Result = SessionCardParser.Parse(Cards.RealFrench);

    [Fact]
    public void Real_card_is_a_card_without_problems()
    {
        Assert.True(Result.IsCard);
        Assert.False(Result.Problems.Any, string.Join("; ", Result.Problems.ToDictionary().Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
    }

    [Fact]
    public void Real_card_gives_code_format_and_languages()
    {
        var c = Result.Content;
        Assert.Equal("3.2.2", c.Code);
        Assert.Equal("workshop", c.Format);
        Assert.Equal("fr", c.SourceLanguage);
        Assert.Equal(["en", "fr", "es"], c.Languages);
    }

    [Fact]
    public void Real_card_title_keeps_its_inner_colon()
    {
        Assert.Equal(
            "Innovation sociale, communautés locales, et développement inclusif et durable : entreprises communautaires, l'avenir du travail, DEL, et économie verte.",
            Result.Content.Texts["title"]);
    }

    [Fact]
    public void Real_card_gives_thematic_line_and_sub_theme()
    {
        var c = Result.Content;
        Assert.Equal("3", c.ThematicLine!.Code);
        Assert.Equal("L'avenir du travail et le travail du futur dans une perspective territoriale dans le contexte de la crise créée par COVID-19.", c.ThematicLine.Title);
        Assert.Equal("3.2", c.SubTheme!.Code);
        Assert.Equal("Représentation collective et dialogue social multi-niveaux", c.SubTheme.Title);
    }

    [Fact]
    public void Real_card_gives_organisers_as_written()
    {
        Assert.Equal(["OIT", "ADEC", "FAMSI"], Result.Content.Organisers);
    }

    [Fact]
    public void Real_card_times_are_day_month_year_and_both_ranges_agree()
    {
        var c = Result.Content;
        Assert.Equal(new DateTimeOffset(2021, 6, 1, 17, 5, 0, TimeSpan.Zero), c.StartsAt);
        Assert.Equal(new DateTimeOffset(2021, 6, 1, 18, 35, 0, TimeSpan.Zero), c.EndsAt);
        Assert.Equal([-180, 120], c.ReferenceOffsets);
    }

    [Fact]
    public void Real_card_gives_platform_capacity_and_registration()
    {
        var c = Result.Content;
        Assert.Equal("Zoom", c.Platform);
        Assert.Equal(160, c.Capacity);
        Assert.True(c.RegistrationRequired);
    }

    [Fact]
    public void Real_card_texts_have_no_headings_nor_markdown_marks()
    {
        var t = Result.Content.Texts;
        Assert.StartsWith("La crise dévastatrice qui touche la plupart des pays", t["summary"]);
        Assert.EndsWith("plus inclusif et durable.", t["summary"]);
        Assert.StartsWith("Pour faire face à la crise actuelle", t["conceptualisation"]);
        Assert.EndsWith("visent à promouvoir des politiques de développement durable.", t["conceptualisation"]);
        Assert.Contains("\n\nLa transition écologique est une autre des questions prioritaires", t["conceptualisation"]);
        Assert.Equal(6, t["conceptualisation"].Split("\n\n").Length);
        Assert.StartsWith("Cette session vise à montrer", t["objectives"]);
        Assert.EndsWith("en temps de crise.", t["objectives"]);
        Assert.Equal("", t["discussionPoints"]);
        foreach (var text in t.Values)
        {
            Assert.DoesNotContain("**", text);
            Assert.DoesNotContain("max.", text);
            Assert.DoesNotContain("Objectifs (", text);
            Assert.DoesNotContain("Conceptualisation de la session", text);
        }
    }

    [Fact]
    public void Real_card_documents_are_plain_and_link_text_with_placeholder_urls_null()
    {
        var docs = Result.Content.Documents;
        Assert.Equal(2, docs.Count);
        Assert.Equal("Observatoire du BIT : COVID-19 et le monde du travail. Septième édition", docs[0].Title);
        Assert.Null(docs[0].Url);
        Assert.Equal("Social and Solidarity Economy and the Future of Work, ILO 2017", docs[1].Title);
        Assert.Null(docs[1].Url);
    }
}
