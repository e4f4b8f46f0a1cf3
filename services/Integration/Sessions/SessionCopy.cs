namespace Conference.Integration.Sessions;

/// <summary>
/// What Integration keeps of a Catalog session (table <c>sessions</c>): its code and its organisers,
/// upper-cased, so it knows which partners may receive the session's events and read its audit trail.
/// Filled from <c>SessionPublished</c>/<c>SessionUpdated</c> snapshots and from the organisers every
/// <c>PartnerActionRecorded</c> carries (so drafts are known too). <see cref="AsOf"/> is the
/// <c>OccurredAt</c> of the newest event applied: an older event delivered late changes nothing.
/// </summary>
internal sealed class SessionCopy
{
    public Guid Id { get; set; }
    public string? Code { get; set; }
    public List<string> Organisers { get; set; } = [];
    public DateTimeOffset AsOf { get; set; }

    /// <summary>Whether the partner with organiser code <paramref name="organiser"/> organises the session (case-insensitive).</summary>
    public bool IsOrganisedBy(string? organiser) =>
        !string.IsNullOrWhiteSpace(organiser) && Organisers.Contains(organiser.Trim().ToUpperInvariant());

    public static List<string> Normalise(IEnumerable<string> organisers) =>
        [.. organisers.Select(o => o.Trim().ToUpperInvariant()).Where(o => o.Length > 0).Distinct()];
}
