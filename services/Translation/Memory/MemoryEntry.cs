namespace Conference.Translation.Memory;

/// <summary>
/// Translation memory: a reviewed target segment for a source segment (a paragraph or list item)
/// in a language pair, reused verbatim whenever the same source segment appears again.
/// Keyed by the SHA-256 of the trimmed source segment.
/// </summary>
internal sealed class MemoryEntry
{
    public required string SourceLanguage { get; set; }
    public required string TargetLanguage { get; set; }
    public required string SourceHash { get; set; }
    public required string SourceText { get; set; }
    public required string TargetText { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
