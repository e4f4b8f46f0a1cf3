using Conference.Catalog.Import;

namespace Conference.Catalog.Tests.Import;

public sealed class TemplateVariantTests
{
    private static SessionContentAssert Ok(string card)
    {
        var result = SessionCardParser.Parse(card);
        Assert.True(result.IsCard, result.NotACardReason);
        Assert.False(result.Problems.Any, string.Join("; ", result.Problems.ToDictionary().Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        return new SessionContentAssert(result);
    }

    private static Dictionary<string, string[]> Errors(string card)
    {
        var result = SessionCardParser.Parse(card);
        Assert.True(result.IsCard, result.NotACardReason);
        return result.Problems.ToDictionary();
    }

    internal sealed record SessionContentAssert(CardParseResult Result)
    {
        public Sessions.SessionContent C => Result.Content;
    }

    [Fact]
    public void English_markdown_card_with_iso_date_and_no_space_before_colon_is_read()
    {
        var c = Ok(Cards.English).C;
        Assert.Equal("1.1", c.Code);
        Assert.Equal("workshop", c.Format);
        Assert.Equal("en", c.SourceLanguage);
        Assert.Equal("Green jobs: skills for a just transition", c.Texts["title"]);
        Assert.Equal("1", c.ThematicLine!.Code);
        Assert.Equal("Decent work in the recovery", c.ThematicLine.Title);
        Assert.Equal("1.1", c.SubTheme!.Code);
        Assert.Equal(["ILO", "FAMSI"], c.Organisers);
        Assert.Equal(new DateTimeOffset(2021, 6, 2, 13, 0, 0, TimeSpan.Zero), c.StartsAt);
        Assert.Equal(new DateTimeOffset(2021, 6, 2, 14, 30, 0, TimeSpan.Zero), c.EndsAt);
        Assert.Equal([-240, 120], c.ReferenceOffsets);
        Assert.Equal(80, c.Capacity);
        Assert.False(c.RegistrationRequired);
        Assert.Equal(["en", "es"], c.Languages);
        Assert.Equal("The recovery must create green jobs. It's a people-centred agenda.\n\nSecond paragraph of the summary.", c.Texts["summary"]);
        Assert.Equal("Socio-economic change needs new skills.", c.Texts["conceptualisation"]);
        Assert.Equal("Share experiences from local governments.", c.Texts["objectives"]);
        Assert.Equal("- What skills?\n- Who pays?", c.Texts["discussionPoints"]);
        Assert.Equal(2, c.Documents.Count);
        Assert.Equal("Skills for a greener future, ILO 2019", c.Documents[0].Title);
        Assert.Equal("https://www.ilo.org/skills", c.Documents[0].Url);
        Assert.Equal("Just transition guidelines", c.Documents[1].Title);
        Assert.Null(c.Documents[1].Url);
    }

    [Fact]
    public void Spanish_card_with_day_month_year_and_language_names_is_read()
    {
        var c = Ok(Cards.Spanish).C;
        Assert.Equal("2.1", c.Code);
        Assert.Equal("workshop", c.Format);
        Assert.Equal("es", c.SourceLanguage);
        Assert.Equal("Economía social y solidaria: respuestas locales a la crisis", c.Texts["title"]);
        Assert.Equal("2", c.ThematicLine!.Code);
        Assert.Equal("2.1", c.SubTheme!.Code);
        Assert.Equal("Economía social", c.SubTheme.Title);
        Assert.Equal(["FAMSI", "ADEC"], c.Organisers);
        Assert.Equal(new DateTimeOffset(2021, 7, 15, 15, 0, 0, TimeSpan.Zero), c.StartsAt);
        Assert.Equal(new DateTimeOffset(2021, 7, 15, 16, 30, 0, TimeSpan.Zero), c.EndsAt);
        Assert.Equal(100, c.Capacity);
        Assert.True(c.RegistrationRequired);
        Assert.Equal(["es", "en", "fr"], c.Languages);
        Assert.Equal("¿Cómo apoyar a las cooperativas?", c.Texts["discussionPoints"]);
        Assert.Equal("Guía de la ESS", Assert.Single(c.Documents).Title);
    }

    [Theory]
    [InlineData("Atelier", "workshop")]
    [InlineData("Workshop", "workshop")]
    [InlineData("Taller", "workshop")]
    [InlineData("Panel", "panel")]
    [InlineData("**Plénière**", "plenary")]
    [InlineData("# Side event", "side-event")]
    [InlineData("Mesa redonda", "round-table")]
    public void First_line_gives_the_format(string firstLine, string format)
    {
        Assert.Equal(format, Ok(Cards.English.Replace("**Workshop**", firstLine)).C.Format);
    }

    [Fact]
    public void Unknown_format_is_a_format_problem()
    {
        Assert.Contains("format", Errors(Cards.English.Replace("**Workshop**", "Karaoke night")).Keys);
    }

    [Theory]
    [InlineData("EN/FR/SPA", new[] { "en", "fr", "es" })]
    [InlineData("ENG, FRA, ESP", new[] { "en", "fr", "es" })]
    [InlineData("Français et anglais", new[] { "fr", "en" })]
    [InlineData("inglés y español", new[] { "en", "es" })]
    [InlineData("English - French", new[] { "en", "fr" })]
    public void Languages_in_any_common_spelling_are_iso_codes(string written, string[] codes)
    {
        Assert.Equal(codes, Ok(Cards.English.Replace("ENG, Spanish", written)).C.Languages);
    }

    [Fact]
    public void Unknown_language_is_a_languages_problem()
    {
        var errors = Errors(Cards.English.Replace("ENG, Spanish", "EN/Klingon"));
        Assert.Contains("Klingon", Assert.Single(errors["languages"]));
    }

    [Fact]
    public void Space_before_colon_and_no_markdown_marks_read_the_same()
    {
        var plain = Cards.English.Replace("**", "").Replace(":", " :");
        var c = Ok(plain).C;
        Assert.Equal("1.1", c.Code);
        Assert.Equal("Green jobs : skills for a just transition", c.Texts["title"]);
        Assert.Equal(80, c.Capacity);
    }

    [Fact]
    public void Time_ranges_that_disagree_are_refused_naming_the_time_field()
    {
        var errors = Errors(Cards.English.Replace("15:00 - 16:30 (UTC+2)", "15:00 - 16:30 (UTC+1)"));
        Assert.Equal(["time"], errors.Keys);
        Assert.Contains("same instants", errors["time"][0]);
    }

    [Fact]
    public void Real_card_with_a_wrong_offset_is_refused_on_time()
    {
        var errors = Errors(Cards.RealFrench.Replace("(UTC+2)", "(UTC+3)"));
        Assert.Equal(["time"], errors.Keys);
    }

    [Fact]
    public void A_range_ending_before_it_starts_is_refused()
    {
        var errors = Errors(Cards.English.Replace("09:00 - 10:30 (UTC-4) / 15:00 - 16:30 (UTC+2)", "10:30 - 09:00 (UTC-4)"));
        Assert.Contains("ends before it starts", errors["time"][0]);
    }

    [Fact]
    public void A_range_without_utc_offset_is_refused()
    {
        Assert.Contains("time", Errors(Cards.English.Replace("09:00 - 10:30 (UTC-4) / 15:00 - 16:30 (UTC+2)", "09:00 - 10:30")).Keys);
    }

    [Fact]
    public void A_range_on_the_next_day_in_another_zone_denotes_the_same_instants()
    {
        var c = Ok(Cards.English.Replace("09:00 - 10:30 (UTC-4) / 15:00 - 16:30 (UTC+2)", "21:00 - 22:00 (UTC-3) / 02:00 - 03:00 (UTC+2)")).C;
        Assert.Equal(new DateTimeOffset(2021, 6, 3, 0, 0, 0, TimeSpan.Zero), c.StartsAt);
    }

    [Theory]
    [InlineData("01/06/2021", 2021, 6, 1)]
    [InlineData("1/6/2021", 2021, 6, 1)]
    [InlineData("01.06.2021", 2021, 6, 1)]
    [InlineData("2021-06-01", 2021, 6, 1)]
    [InlineData("13/12/2021", 2021, 12, 13)]
    public void Dates_are_day_month_year_or_iso(string written, int year, int month, int day)
    {
        Assert.Equal(new DateOnly(year, month, day), SessionCardParser.ParseDate(written));
    }

    [Theory]
    [InlineData("12/13/2021")]
    [InlineData("31/02/2021")]
    [InlineData("tomorrow")]
    public void Impossible_dates_are_refused(string written)
    {
        Assert.Null(SessionCardParser.ParseDate(written));
        Assert.Contains("date", Errors(Cards.English.Replace("2021-06-02", written)).Keys);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("12.5")]
    [InlineData("many")]
    public void Capacity_must_be_a_positive_whole_number(string written)
    {
        Assert.Contains("capacity", Errors(Cards.English.Replace("**Session capacity:** 80", "**Session capacity:** " + written)).Keys);
    }

    [Theory]
    [InlineData("1000000", 1_000_000)]
    [InlineData("1 seat", 1)]
    public void Capacity_is_read_from_1_to_1000000(string written, int seats)
    {
        Assert.Equal(seats, Ok(Cards.English.Replace("**Session capacity:** 80", "**Session capacity:** " + written)).C.Capacity);
    }

    [Theory]
    [InlineData("1000001", "'1000001' is not a capacity: write a whole number of seats from 1 to 1000000.")]
    [InlineData("0", "'0' is not a capacity: write a whole number of seats from 1 to 1000000.")]
    [InlineData("\uFF18\uFF10", "'\uFF18\uFF10' is not a capacity: write a whole number of seats from 1 to 1000000, in digits 0-9.")]
    public void A_capacity_outside_the_range_names_the_range(string written, string message)
    {
        var errors = Errors(Cards.English.Replace("**Session capacity:** 80", "**Session capacity:** " + written));
        Assert.Equal(["capacity"], errors.Keys);
        Assert.Equal([message], errors["capacity"]);
    }

    [Theory]
    [InlineData("\uFF11.\uFF11")] // fullwidth １.１
    [InlineData("\uFF11\uFF0E\uFF11")] // fullwidth １．１, fullwidth dot too
    [InlineData("\u0661.\u0661")] // Arabic-Indic ١.١
    [InlineData("1.\u0967")] // Devanagari १
    [InlineData("1.1a")]
    [InlineData("1.b")]
    public void A_session_code_that_is_not_ascii_digits_and_dots_is_refused_naming_code(string code)
    {
        var errors = Errors(Cards.English.Replace("**Session title 1.1:**", $"**Session title {code}:**"));

        Assert.Equal(["code"], errors.Keys);
        Assert.Equal([$"'{code}' is not a session code: a code is ASCII digits (0-9) separated by dots, e.g. 3.2.2."], errors["code"]);
    }

    [Fact]
    public void Thematic_line_and_sub_theme_codes_follow_the_same_rule()
    {
        var errors = Errors(Cards.English
            .Replace("**Thematic line 1:**", "**Thematic line \uFF11:**")
            .Replace("**Sub-theme 1.1:**", "**Sub-theme 1.\u0661:**"));

        Assert.Equal(["subTheme", "thematicLine"], errors.Keys.Order());
        Assert.Equal(["'\uFF11' is not a thematic line code: a code is ASCII digits (0-9) separated by dots, e.g. 3."], errors["thematicLine"]);
        Assert.Equal(["'1.\u0661' is not a sub-theme code: a code is ASCII digits (0-9) separated by dots, e.g. 3.2."], errors["subTheme"]);
    }

    [Fact]
    public void A_code_with_a_trailing_dot_is_the_code_without_it()
    {
        var c = Ok(Cards.English.Replace("**Session title 1.1:**", "**Session title 1.1.:**")).C;
        Assert.Equal("1.1", c.Code);
    }

    [Theory]
    [InlineData("**Date:** 2021-06-02", "**Date:** \uFF12\uFF10\uFF12\uFF11-\uFF10\uFF16-\uFF10\uFF12", "date")]
    [InlineData("09:00 - 10:30 (UTC-4) / 15:00 - 16:30 (UTC+2)", "09:00 - 10:30 (UTC-\uFF14)", "time")]
    [InlineData("09:00 - 10:30 (UTC-4) / 15:00 - 16:30 (UTC+2)", "\u0660\u0669:00 - 10:30 (UTC-4)", "time")]
    public void Dates_and_times_in_other_digits_are_refused_not_misread(string from, string to, string field)
    {
        var errors = Errors(Cards.English.Replace(from, to));

        Assert.Equal([field], errors.Keys);
        Assert.Contains("digits other than 0-9", Assert.Single(errors[field]));
    }

    [Fact]
    public void A_text_over_its_word_limit_reports_its_count_and_the_limit()
    {
        var longSummary = string.Join(' ', Enumerable.Repeat("word", 251));
        var errors = Errors(Cards.English.Replace("Second paragraph of the summary.", longSummary));
        var message = Assert.Single(errors["summary"]);
        Assert.Contains("261", message);
        Assert.Contains("250", message);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var card = Cards.English
            .Replace("**Session title 1.1:** Green jobs: skills for a just transition", "**Session title 1.1:**")
            .Replace("ENG, Spanish", "Latin")
            .Replace("**Session capacity:** 80", "**Session capacity:** zero")
            .Replace("(UTC+2)", "(UTC+5)");
        var errors = Errors(card);
        Assert.Contains("title", errors.Keys);
        Assert.Contains("languages", errors.Keys);
        Assert.Contains("capacity", errors.Keys);
        Assert.Contains("time", errors.Keys);
    }

    [Fact]
    public void Empty_sections_and_missing_documents_are_empty_texts()
    {
        var card = Cards.Spanish[..Cards.Spanish.IndexOf("Breve resumen", StringComparison.Ordinal)]
            + "Breve resumen de la sesión (máx. 250 palabras):\n\n2. Objetivos (máx. 100 palabras)\n";
        var c = Ok(card).C;
        Assert.Equal("", c.Texts["summary"]);
        Assert.Equal("", c.Texts["objectives"]);
        Assert.Equal("", c.Texts["conceptualisation"]);
        Assert.Empty(c.Documents);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n  ")]
    [InlineData("Dear partners, please find attached the minutes of our meeting.")]
    [InlineData("{\"code\": \"3.2.2\", \"title\": \"JSON is not a card\"}")]
    [InlineData("\0\u0001\u0002binary\u0003\u0004")]
    public void Input_that_is_no_session_card_is_recognised_as_such(string body)
    {
        var result = SessionCardParser.Parse(body);
        Assert.False(result.IsCard);
        Assert.NotNull(result.NotACardReason);
    }
}
