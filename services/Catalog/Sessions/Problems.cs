namespace Conference.Catalog.Sessions;

/// <summary>
/// Validation problems gathered over a whole card or body, so one 422 answer tells everything:
/// field (JSON name, e.g. <c>title</c>, <c>time</c>, <c>capacity</c>) → messages.
/// </summary>
internal sealed class Problems
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        if (!list.Contains(message))
        {
            list.Add(message);
        }
    }

    public bool Has(string field) => _errors.ContainsKey(field);

    /// <summary>The <c>errors</c> member of the problem details.</summary>
    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}

/// <summary>Names of the session text fields, as in the API and in event snapshots.</summary>
internal static class TextFields
{
    public const string Title = "title";
    public const string Summary = "summary";
    public const string Conceptualisation = "conceptualisation";
    public const string Objectives = "objectives";
    public const string DiscussionPoints = "discussionPoints";

    public static readonly IReadOnlyList<string> All = [Title, Summary, Conceptualisation, Objectives, DiscussionPoints];
}
