namespace Conference.Catalog.Sessions;

/// <summary>
/// What a partner submits for a session, from a card or a JSON body, before it is stored:
/// texts in the source language, times as UTC instants.
/// </summary>
internal sealed class SessionContent
{
    public string? Code { get; set; }
    public string? Format { get; set; }
    public string? SourceLanguage { get; set; }
    public List<string> Languages { get; set; } = [];
    public ProgrammeEntry? ThematicLine { get; set; }
    public ProgrammeEntry? SubTheme { get; set; }
    public List<string> Organisers { get; set; } = [];
    public DateTimeOffset? StartsAt { get; set; }
    public DateTimeOffset? EndsAt { get; set; }

    /// <summary>UTC offsets (minutes) of the card's time ranges, in card order.</summary>
    public List<int> ReferenceOffsets { get; set; } = [];
    public string? Platform { get; set; }
    public int? Capacity { get; set; }
    public bool? RegistrationRequired { get; set; }

    /// <summary>Text field (<see cref="TextFields"/>) → text in the source language.</summary>
    public Dictionary<string, string> Texts { get; set; } = new(StringComparer.Ordinal);
    public List<SessionDocument> Documents { get; set; } = [];
    public string? JoinUrl { get; set; }
}

/// <summary>A thematic line or sub-theme as a session names it: code and title in the source language.</summary>
internal sealed record ProgrammeEntry(string Code, string? Title);

/// <summary>A document listed on a session; <c>Url</c> is null for a placeholder link (<c>#</c>) or plain title.</summary>
public sealed record SessionDocument(string Title, string? Url);
