using Conference.Catalog.Sessions;

namespace Conference.Catalog.Tests.Import;

public sealed class WordCountTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("   ", 0)]
    [InlineData("l'innovation", 1)]
    [InlineData("l’innovation", 1)]
    [InlineData("socio-économique", 1)]
    [InlineData("développement inclusif : entreprises", 3)]
    [InlineData(": — – ... !", 0)]
    [InlineData("COVID-19 2021 ODD", 3)]
    [InlineData("Hello,\tworld!\n\nNew\u00A0paragraph.", 4)]
    [InlineData("e\u0301te\u0301", 1)]
    public void Words_are_runs_holding_a_letter_or_digit(string text, int words)
    {
        Assert.Equal(words, WordCount.Count(text));
    }

    [Fact]
    public void Word_count_equals_the_number_of_words_joined_by_any_white_space_property()
    {
        var random = new Random(20210601);
        string[] words = ["l'avenir", "l’économie", "socio-économique", "OIT", "2030", "développement", "¿Cómo", "work.", "(ESS)", "multi-niveaux"];
        string[] noise = [":", "—", "-", "...", "«", "»", "!", "/"];
        string[] spaces = [" ", "  ", "\n", "\n\n", "\t", "\u00A0", "\u202F", " \r\n "];
        for (var run = 0; run < 500; run++)
        {
            var expected = random.Next(0, 60);
            var tokens = new List<string>();
            for (var i = 0; i < expected; i++)
            {
                tokens.Add(words[random.Next(words.Length)]);
            }
            var noiseCount = random.Next(0, 10);
            for (var i = 0; i < noiseCount; i++)
            {
                tokens.Insert(random.Next(tokens.Count + 1), noise[random.Next(noise.Length)]);
            }
            var text = string.Concat(tokens.Select(t => t + spaces[random.Next(spaces.Length)]));
            Assert.Equal(expected, WordCount.Count(text));
        }
    }

    [Fact]
    public void Gluing_punctuation_to_a_word_never_changes_the_count_property()
    {
        var random = new Random(7);
        for (var run = 0; run < 300; run++)
        {
            var count = random.Next(1, 40);
            var text = string.Join(' ', Enumerable.Range(0, count).Select(i => $"mot{i}"));
            var glued = string.Join(' ', text.Split(' ').Select(w => random.Next(3) switch { 0 => "«" + w, 1 => w + "»:", _ => w + "'" }));
            Assert.Equal(WordCount.Count(text), WordCount.Count(glued));
        }
    }

    [Theory]
    [InlineData("summary", 250)]
    [InlineData("conceptualisation", 1000)]
    [InlineData("objectives", 100)]
    [InlineData("discussionPoints", 150)]
    public void Limits_are_those_of_the_card_template(string field, int limit)
    {
        Assert.Equal(limit, WordCount.Limits[field]);
        var problems = new Problems();
        WordCount.Check(new Dictionary<string, string> { [field] = string.Join(' ', Enumerable.Repeat("mot", limit)) }, problems);
        Assert.False(problems.Any);
        WordCount.Check(new Dictionary<string, string> { [field] = string.Join(' ', Enumerable.Repeat("mot", limit + 1)) }, problems);
        Assert.Equal($"{limit + 1} words; the limit is {limit} words.", Assert.Single(problems.ToDictionary()[field]));
    }
}
