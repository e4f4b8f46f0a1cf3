namespace Conference.Notification.Sessions;

/// <summary>
/// Notification's own copy of what it needs of a published session (table <c>sessions</c>), kept
/// from Catalog's and Translation's events (event-carried state), so composing a message never calls
/// another service.
/// </summary>
internal sealed class SessionCopy
{
    /// <summary>Catalog id.</summary>
    public Guid Id { get; set; }

    /// <summary>Forum code, e.g. "3.2.2".</summary>
    public required string Code { get; set; }

    /// <summary>ISO 639-1 language the texts were written in.</summary>
    public required string SourceLanguage { get; set; }

    /// <summary>Session languages (ISO 639-1).</summary>
    public List<string> Languages { get; set; } = [];

    /// <summary>Organiser codes as written on the card ("OIT").</summary>
    public List<string> Organisers { get; set; } = [];

    /// <summary>Start instant (UTC).</summary>
    public DateTimeOffset StartsAt { get; set; }

    /// <summary>End instant (UTC).</summary>
    public DateTimeOffset EndsAt { get; set; }

    /// <summary>The card's reference UTC offsets, in minutes (e.g. -180, 120), in card order.</summary>
    public List<int> ReferenceOffsets { get; set; } = [];

    /// <summary>"Zoom", a room name, ...</summary>
    public string? Platform { get; set; }

    /// <summary>field → language → text (title, summary, ...), source and translations merged.</summary>
    public Dictionary<string, Dictionary<string, string>> Texts { get; set; } = [];

    /// <summary>Online join address, only ever written to confirmed attendees.</summary>
    public string? JoinUrl { get; set; }

    /// <summary>Raised by Catalog on every reschedule; the iCalendar <c>SEQUENCE</c>.</summary>
    public int ScheduleVersion { get; set; }

    /// <summary>True once Catalog cancelled the session.</summary>
    public bool Cancelled { get; set; }

    /// <summary>The organisers' reason, when cancelled.</summary>
    public string? CancelReason { get; set; }

    /// <summary>When this copy last changed (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// The text of <paramref name="field"/> in <paramref name="language"/>, else in the source language
    /// (<c>FellBack</c> true), else null.
    /// </summary>
    public (string? Text, bool FellBack) Text(string field, string language)
    {
        if (!Texts.TryGetValue(field, out var byLanguage))
        {
            return (null, false);
        }
        if (byLanguage.TryGetValue(language, out var text) && !string.IsNullOrWhiteSpace(text))
        {
            return (text, false);
        }
        return byLanguage.TryGetValue(SourceLanguage, out var source) && !string.IsNullOrWhiteSpace(source)
            ? (source, language != SourceLanguage)
            : (null, false);
    }
}
