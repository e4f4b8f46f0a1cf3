using Conference.Catalog.Partners;

namespace Conference.Catalog.Sessions;

/// <summary>Session statuses: draft → published → cancelled (a draft may also be cancelled).</summary>
internal static class SessionStatus
{
    public const string Draft = "draft";
    public const string Published = "published";
    public const string Cancelled = "cancelled";
}

/// <summary>Where a language's texts come from (API <c>translations</c> map).</summary>
internal static class TextOrigin
{
    public const string Source = "source";
    public const string Machine = "machine";
    public const string Reviewed = "reviewed";
}

/// <summary>
/// The state of one language's texts: origin, engine for machine translations, and whether the
/// source changed since it was made (stale until Translation redoes it).
/// </summary>
public sealed record TranslationState(string Origin, string? Engine, bool Stale, DateTimeOffset UpdatedAt);

/// <summary>
/// A session of the forum programme (table <c>sessions</c>). Texts are stored per field then per
/// language (jsonb); times are UTC instants; the code is unique in the forum.
/// </summary>
internal sealed class Session
{
    public Guid Id { get; set; }
    public required string Code { get; set; }
    public required string Format { get; set; }
    public string Status { get; set; } = SessionStatus.Draft;
    public required string SourceLanguage { get; set; }
    public List<string> Languages { get; set; } = [];

    /// <summary>Organisers as written on the card ("OIT").</summary>
    public List<string> Organisers { get; set; } = [];

    /// <summary>Partner ids of the organisers ("ILO" → "oit"), for ownership checks and the organiser filter.</summary>
    public List<string> OrganiserPartners { get; set; } = [];
    public string? ThematicLineCode { get; set; }
    public string? SubThemeCode { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }

    /// <summary>UTC offsets (minutes) the card showed its times in, e.g. [-180, 120].</summary>
    public List<int> ReferenceOffsets { get; set; } = [];
    public string? Platform { get; set; }

    /// <summary>Seats: edited here while a draft; once published, Registration's figure (SessionCapacityChanged).</summary>
    public int Capacity { get; set; }
    public bool RegistrationRequired { get; set; }

    /// <summary>Text field → language → text.</summary>
    public Dictionary<string, Dictionary<string, string>> Texts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Language → origin of its texts.</summary>
    public Dictionary<string, TranslationState> Translations { get; set; } = new(StringComparer.Ordinal);
    public List<SessionDocument> Documents { get; set; } = [];
    public string? JoinUrl { get; set; }

    /// <summary>Raised on every reschedule of a published session (iCalendar SEQUENCE).</summary>
    public int ScheduleVersion { get; set; }

    /// <summary>Lower-cased, accent-free code, organisers and texts in every language, for <c>q</c>.</summary>
    public string SearchText { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>PostgreSQL row version (xmin): optimistic concurrency and ETags.</summary>
    public uint Version { get; set; }

    public bool IsOrganisedBy(string? organiser) => PartnerDirectory.Organises(organiser, Organisers);

    public string Text(string field, string language) =>
        Texts.TryGetValue(field, out var byLanguage) && byLanguage.TryGetValue(language, out var text) ? text : "";

    public void RefreshSearchText()
    {
        var parts = new List<string> { Code };
        parts.AddRange(Organisers);
        parts.AddRange(Texts.Values.SelectMany(t => t.Values));
        SearchText = Fold(string.Join('\n', parts));
    }

    public static string Fold(string text) => LanguageCodes.RemoveDiacritics(text).ToLowerInvariant();
}
