using Conference.Translation.Engines;
using Conference.Translation.Glossary;
using Conference.Translation.Sessions;

namespace Conference.Translation.Tests;

/// <summary>The Apertium engine against the real APy server (ConnectionStrings__apertium, default http://127.0.0.1:2737).</summary>
public sealed class ApertiumEngineTests : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = EngineRegistration.BaseUrl(TranslationHost.ApertiumUrl), Timeout = TimeSpan.FromSeconds(60) };
    private readonly ApertiumPairs _pairs = new();

    private readonly ApertiumHopCache _hops = new(TimeProvider.System);

    private ApertiumEngine Engine => new(_http, _pairs, _hops);

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

    [Fact]
    public async Task A_session_longer_than_one_APy_request_comes_back_whole()
    {
        // About 8,500 characters: more than one request (APy drops what lies beyond ten pieces of one request).
        var paragraphs = Enumerable.Range(1, 80).Select(i => $"Paragraphe {i} : la transition écologique est une autre des questions prioritaires pour le travail décent.").ToList();

        var texts = await Engine.TranslateManyAsync(paragraphs, "fr", "es");

        Assert.Equal(80, texts.Count);
        Assert.All(texts, t => Assert.Contains("transición ecológica", t));
        Assert.StartsWith("Párrafo 80", texts[79]);
    }

    [Fact]
    public async Task French_to_English_starts_from_the_Spanish_already_made()
    {
        var counter = new CountingHandler { InnerHandler = new HttpClientHandler() };
        using var http = new HttpClient(counter) { BaseAddress = _http.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var engine = new ApertiumEngine(http, _pairs, new ApertiumHopCache(TimeProvider.System));
        var segments = new[] { "La planète et le travail.", "Les politiques de développement durable." };

        var spanish = engine.TranslateManyAsync(segments, "fr", "es");
        var english = engine.TranslateManyAsync(segments, "fr", "en");
        await Task.WhenAll(spanish, english);

        Assert.Contains("planet", (await english)[0]);
        Assert.Contains("planeta", (await spanish)[0]);
        Assert.Equal(2, counter.Translations); // fra|spa once, spa|eng once
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        private int _translations;

        public int Translations => _translations;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri?.AbsolutePath.EndsWith("/translate", StringComparison.Ordinal) == true)
            {
                Interlocked.Increment(ref _translations);
            }
            return base.SendAsync(request, cancellationToken);
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _pairs.Dispose();
    }
}
