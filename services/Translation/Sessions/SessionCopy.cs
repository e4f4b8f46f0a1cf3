using System.Security.Cryptography;
using System.Text;

namespace Conference.Translation.Sessions;

/// <summary>
/// What Translation keeps of a Catalog session (event-carried state from <c>SessionPublished</c> and
/// <c>SessionUpdated</c>): its languages and organisers. <see cref="SnapshotAt"/> is the
/// <c>OccurredAt</c> of the newest snapshot applied, so an older snapshot delivered late is ignored.
/// </summary>
internal sealed class SessionCopy
{
    public Guid Id { get; set; }
    public required string SourceLanguage { get; set; }
    public List<string> Languages { get; set; } = [];
    public List<string> Organisers { get; set; } = [];
    public DateTimeOffset SnapshotAt { get; set; }
    public bool Cancelled { get; set; }
}

/// <summary>A source text of a session field, with the SHA-256 (hex) that translations record.</summary>
internal sealed class SourceText
{
    public Guid SessionId { get; set; }
    public required string Field { get; set; }
    public required string Text { get; set; }
    public required string Hash { get; set; }

    public static string HashOf(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>
/// The text of one field in one language. <see cref="Origin"/>: <c>machine</c> or <c>reviewed</c>
/// (a reviewed text is never overwritten by a machine); <see cref="Engine"/>: which engine made a
/// machine text; <see cref="SourceHash"/>: the source it translates, so a changed source is redone.
/// </summary>
internal sealed class FieldTranslation
{
    public Guid SessionId { get; set; }
    public required string Language { get; set; }
    public required string Field { get; set; }
    public required string Text { get; set; }
    public required string Origin { get; set; }
    public string? Engine { get; set; }
    public required string SourceHash { get; set; }
    public DateTimeOffset TranslatedAt { get; set; }
}

/// <summary>
/// Machine translation work for one session and target language. The consumer marks it pending
/// (raising <see cref="Version"/>); the worker translates what is missing or stale and clears it,
/// unless a newer version arrived meanwhile. A failing engine raises <see cref="Attempts"/> and
/// pushes <see cref="NextAttemptAt"/> back (exponential back-off), so no work is lost.
/// </summary>
internal sealed class TranslationJob
{
    public Guid SessionId { get; set; }
    public required string Language { get; set; }
    public bool Pending { get; set; }
    public int Version { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? LeasedUntil { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>W3C traceparent of the event that last asked for this job: the worker's span continues that trace.</summary>
    public string? TraceParent { get; set; }

    /// <summary>When the event that last asked for this job was taken in (UTC): the start of the "time to translate".</summary>
    public DateTimeOffset? RequestedAt { get; set; }
}

/// <summary>
/// The translatable text fields of a session, as keyed in <c>SessionSnapshot.Texts</c> and in the API,
/// and the titles of its thematic line and sub-theme (from <c>SessionSnapshot.ThematicLine</c> and
/// <c>SubTheme</c>), translated alongside and sent in <c>SessionTranslated</c> under <see cref="Topics"/>' names.
/// </summary>
internal static class SessionFields
{
    public const string Title = "title";
    public const string ThematicLineTitle = "thematicLineTitle";
    public const string SubThemeTitle = "subThemeTitle";

    /// <summary>The session's own text fields.</summary>
    public static readonly IReadOnlyList<string> Texts = [Title, "summary", "conceptualisation", "objectives", "discussionPoints"];

    /// <summary>The programme titles a session names (Catalog stores them with the programme, not the session).</summary>
    public static readonly IReadOnlyList<string> Topics = [ThematicLineTitle, SubThemeTitle];

    /// <summary>Everything translated for a session.</summary>
    public static readonly IReadOnlyList<string> All = [.. Texts, .. Topics];

    /// <summary>Word limits of the forum session card template (title: none).</summary>
    public static int? WordLimit(string field) => field switch
    {
        "summary" => 250,
        "conceptualisation" => 1000,
        "objectives" => 100,
        "discussionPoints" => 150,
        _ => null,
    };
}

/// <summary>Origins of a translated text.</summary>
internal static class Origins
{
    public const string Machine = "machine";
    public const string Reviewed = "reviewed";
}
