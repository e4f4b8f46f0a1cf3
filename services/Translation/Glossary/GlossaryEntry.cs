namespace Conference.Translation.Glossary;

/// <summary>
/// One forum glossary entry: the same term in each language (ISO 639-1 → term), e.g.
/// <c>{ "fr": "travail décent", "en": "decent work", "es": "trabajo decente" }</c>.
/// </summary>
internal sealed class GlossaryEntry
{
    public Guid Id { get; set; }
    public int Position { get; set; }
    public Dictionary<string, string> Terms { get; set; } = [];
}
