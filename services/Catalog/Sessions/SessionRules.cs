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
}
