namespace Conference.Catalog.Programme;

/// <summary>A thematic line of the programme (table <c>thematic_lines</c>): code ("3") and title per language.</summary>
internal sealed class ThematicLine
{
    public required string Code { get; set; }
    public Dictionary<string, string> Title { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A sub-theme of a thematic line (table <c>sub_themes</c>): code ("3.2") and title per language.</summary>
internal sealed class SubTheme
{
    public required string Code { get; set; }
    public string? ThematicLineCode { get; set; }
    public Dictionary<string, string> Title { get; set; } = new(StringComparer.Ordinal);
}
