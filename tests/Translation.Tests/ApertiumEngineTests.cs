using Conference.Translation.Engines;
using Conference.Translation.Glossary;
using Conference.Translation.Sessions;

namespace Conference.Translation.Tests;

/// <summary>The Apertium engine against the real APy server (ConnectionStrings__apertium, default http://127.0.0.1:2737).</summary>
public sealed class ApertiumEngineTests : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = EngineRegistration.BaseUrl(TranslationHost.ApertiumUrl), Timeout = TimeSpan.FromSeconds(60) };
    private readonly ApertiumPairs _pairs = new();

    private ApertiumEngine Engine => new(_http, _pairs);

    [Fact]
    public async Task French_to_Spanish_translates_directly_without_unknown_word_marks()
    {
        var text = await Engine.TranslateAsync("La transition écologique est une autre des questions prioritaires.", "fr", "es");

        Assert.Contains("transición ecológica", text);
        Assert.DoesNotContain('*', text);
    }

    [Fact]
    public async Task French_to_English_pivots_through_Spanish()
    {
        var text = await Engine.TranslateAsync("La transition écologique est une autre des questions prioritaires.", "fr", "en");

        Assert.Contains("ecological transition", text);
        Assert.DoesNotContain('*', text);
    }

    [Fact]
    public async Task English_to_French_pivots_through_Spanish()
    {
        var text = await Engine.TranslateAsync("The crisis is also an opportunity.", "en", "fr");

        Assert.Contains("crise", text);
    }

    [Fact]
    public async Task A_batch_comes_back_one_text_per_segment_in_order()
    {
        var texts = await Engine.TranslateManyAsync(["Bonjour.", "La planète.", "Le travail."], "fr", "es");

        Assert.Equal(3, texts.Count);
        Assert.Contains("planeta", texts[1]);
        Assert.Contains("trabajo", texts[2]);
    }

    [Fact]
    public async Task Translating_a_field_keeps_paragraphs_list_items_and_line_breaks()
    {
        var source = "Premier paragraphe sur le travail.\n\nSecond paragraphe sur la planète.\n- premier point\n- second point";
        var translator = new TextTranslator(Engine);

        var result = await translator.TranslateAsync(new Dictionary<string, string> { ["summary"] = source }, "fr", "en",
            GlossaryProtector.For([], "fr", "en"), new Dictionary<string, string>(), default);

        var lines = result["summary"].Split('\n');
        Assert.Equal(5, lines.Length);
        Assert.Equal("", lines[1]);
        Assert.StartsWith("- ", lines[3]);
        Assert.StartsWith("- ", lines[4]);
        Assert.Contains("planet", lines[2]);
        Assert.DoesNotContain('*', result["summary"]);
    }

    public void Dispose()
    {
        _http.Dispose();
        _pairs.Dispose();
    }
}
