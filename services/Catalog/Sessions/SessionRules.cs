using System.Globalization;

namespace Conference.Catalog.Sessions;

/// <summary>
/// Rules on changing a session that hold whichever way it changes (JSON create or PATCH, a card
/// imported again, reschedule). Each gives the problem's message, or null when the change is allowed;
/// the caller reports it on the field named in its summary.
/// </summary>
internal static class SessionRules
{
    /// <summary>
    /// On <c>capacity</c>: once published, a session's seats are Registration's, changed with
    /// <c>PUT /api/v1/sessions/{id}/capacity</c> (API contract); another capacity for a published session
    /// is refused, the same capacity is no change.
    /// </summary>
    public static string? PublishedCapacity(Session s, int? capacity) =>
        s.Status == SessionStatus.Published && capacity is { } seats && seats != s.Capacity
            ? $"Once published, the seats belong to Registration: PUT /api/v1/sessions/{s.Id}/capacity."
            : null;

    /// <summary>
    /// On <c>startsAt</c>: a published session's start may move only into the future (its attendees are
    /// told every move; a tester moved one to 2020-01-01 and they were mailed a past date). "Now" is the
    /// service's <see cref="TimeProvider"/>. A start that does not move is no change, so the card of a past
    /// session imports again and its end may still be corrected; drafts keep any date, as cards of past
    /// forums (the real card is of 2021) are imported, and published, as they are.
    /// </summary>
    public static string? PastStart(Session s, DateTimeOffset? start, DateTimeOffset now) =>
        s.Status == SessionStatus.Published && start is { } at && at != s.StartsAt && at <= now
            ? $"A published session's new start must be in the future: {Utc(at)} is past (now {Utc(now)})."
            : null;

    /// <summary>
    /// On <c>languages</c>: a session's languages include its source language, the one its partner wrote
    /// it in (API contract: texts are created in the source language; attendees choose one of the
    /// session's languages). Checked when languages are given (create, PATCH, card).
    /// </summary>
    public static string? LanguagesWithoutSource(IReadOnlyCollection<string> languages, string? sourceLanguage) =>
        sourceLanguage is not null && languages.Count > 0 && !languages.Contains(sourceLanguage, StringComparer.Ordinal)
            ? $"The languages must include the source language {sourceLanguage}."
            : null;

    private static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
