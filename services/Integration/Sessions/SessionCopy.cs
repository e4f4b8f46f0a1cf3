namespace Conference.Integration.Sessions;

/// <summary>
/// What Integration keeps of a Catalog session (table <c>sessions</c>): its code and its organisers,
/// upper-cased, so it knows which partners may receive the session's events and read its audit trail.
/// Filled from <c>SessionPublished</c>/<c>SessionUpdated</c> snapshots and from the organisers every
/// <c>PartnerActionRecorded</c> carries (so drafts are known too). <see cref="AsOf"/> is the
/// <c>OccurredAt</c> of the newest event applied: an older event delivered late changes nothing.
/// <see cref="PublishedAt"/> says whether the session's publication has been applied, which every
/// other webhook event of the session waits for (<see cref="Webhooks.WebhookFanOut"/>): a copy made
/// from a draft's <c>PartnerActionRecorded</c> has none.
/// </summary>
internal sealed class SessionCopy
{
    public Guid Id { get; set; }
    public string? Code { get; set; }
    public List<string> Organisers { get; set; } = [];
    public DateTimeOffset AsOf { get; set; }

    /// <summary>
    /// UTC instant the session was published: the <c>OccurredAt</c> of its <c>SessionPublished</c> once
    /// consumed (its <c>session.published</c> is staged in the same transaction). Null while it has not
    /// been. Also set, to the event's <c>OccurredAt</c>, when an event is staged after waiting for the
    /// publication in vain (<see cref="Webhooks.WebhookOptions.UnknownSessionRetries"/>), so the session's
    /// later events do not each wait again; a <c>SessionPublished</c> consumed after that moves it to the
    /// earlier instant. Rows older than the column: the earliest event staged for the session.
    /// </summary>
    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>Records that the session was published at <paramref name="at"/> (the earliest instant known wins).</summary>
    public void MarkPublished(DateTimeOffset at)
    {
        if (PublishedAt is null || at < PublishedAt)
        {
            PublishedAt = at;
        }
    }

    /// <summary>Whether the partner with organiser code <paramref name="organiser"/> organises the session (case-insensitive).</summary>
    public bool IsOrganisedBy(string? organiser) =>
        !string.IsNullOrWhiteSpace(organiser) && Organisers.Contains(organiser.Trim().ToUpperInvariant());

    public static List<string> Normalise(IEnumerable<string> organisers) =>
        [.. organisers.Select(o => o.Trim().ToUpperInvariant()).Where(o => o.Length > 0).Distinct()];
}
