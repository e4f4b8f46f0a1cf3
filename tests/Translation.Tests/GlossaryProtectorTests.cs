using Conference.Translation.Glossary;

namespace Conference.Translation.Tests;

/// <summary>Protecting glossary terms around the engine: pure logic, no engine.</summary>
public sealed class GlossaryProtectorTests
{
    private static readonly GlossaryEntry[] Entries =
    [
        new() { Terms = new() { ["fr"] = "DEL", ["en"] = "LED", ["es"] = "DEL" } },
        new() { Terms = new() { ["fr"] = "ESS", ["en"] = "SSE", ["es"] = "ESS" } },
        new() { Terms = new() { ["fr"] = "économie sociale et solidaire", ["en"] = "social and solidarity economy", ["es"] = "economía social y solidaria" } },
        new() { Terms = new() { ["fr"] = "économie verte", ["en"] = "green economy", ["es"] = "economía verde" } },
        new() { Terms = new() { ["fr"] = "entreprises communautaires", ["en"] = "community enterprises", ["es"] = "empresas comunitarias" } },
        new() { Terms = new() { ["fr"] = "innovation sociale", ["en"] = "social innovation", ["es"] = "innovación social" } },
    ];

    [Fact]
    public void Acronyms_match_only_in_capitals_and_whole_words()
    {
        var glossary = GlossaryProtector.For(Entries, "fr", "en");

        var (text, targets) = glossary.Protect("Le DEL et le modèle du delta, DELTA.");

        Assert.Equal("Le ZGLZ0Z et le modèle du delta, DELTA.", text);
        Assert.Equal(["LED"], targets);
    }

    [Fact]
    public void A_term_takes_the_case_of_its_occurrence()
    {
        var glossary = GlossaryProtector.For(Entries, "fr", "en");

        var (_, targets) = glossary.Protect("Innovation sociale et l'Économie Sociale et Solidaire, puis l'économie verte.");

        Assert.Equal(["Social innovation", "Social and Solidarity Economy", "green economy"], targets);
    }

    [Fact]
    public void The_longest_term_wins()
    {
        var glossary = GlossaryProtector.For(
            [.. Entries, new GlossaryEntry { Terms = new() { ["fr"] = "économie", ["en"] = "economy" } }], "fr", "en");

        var (_, targets) = glossary.Protect("l'économie sociale et solidaire");

        Assert.Equal(["social and solidarity economy"], targets);
    }

    [Fact]
    public void Spanish_articles_follow_the_gender_and_number_of_the_term()
    {
        var glossary = GlossaryProtector.For(Entries, "fr", "es");
        var (_, targets) = glossary.Protect("l'économie verte, les entreprises communautaires, de l'ESS");

        var restored = glossary.Restore("el ZGLZ0Z, los ZGLZ1Z, del ZGLZ2Z", targets);

        Assert.Equal("la economía verde, las empresas comunitarias, del ESS", restored);
    }

    [Fact]
    public void French_articles_elide_before_a_vowel()
    {
        var glossary = GlossaryProtector.For(Entries, "en", "fr");
        var (_, targets) = glossary.Protect("the green economy and the social innovation");

        var restored = glossary.Restore("le ZGLZ0Z et la ZGLZ1Z", targets);

        Assert.Equal("l'économie verte et l'innovation sociale", restored);
    }
}
