using Conference.Contracts;
using Conference.Messaging.Inbox;
using Conference.Notification.Data;
using Microsoft.EntityFrameworkCore;

namespace Conference.Notification.Sessions;

/// <summary>
/// Reading and writing the local session copies inside a consumer's transaction. Session events lock
/// the row (<c>FOR UPDATE</c>) and registration events share-lock it (<c>FOR SHARE</c>), so a
/// reschedule and a confirmation of the same session never interleave: either the confirmation is
/// written with the new times, or the reschedule sees the new attendee.
/// </summary>
internal static class SessionCopies
{
    /// <summary>The copy locked for update, or null when Notification has not heard of the session yet.</summary>
    public static Task<SessionCopy?> ForUpdateAsync(this NotificationDbContext db, Guid id, CancellationToken ct) =>
        db.Sessions.FromSql($"SELECT * FROM sessions WHERE id = {id} FOR UPDATE").FirstOrDefaultAsync(ct);

    /// <summary>The copy share-locked; throws <see cref="ArrivedTooEarlyException"/> when missing (retried later).</summary>
    public static async Task<SessionCopy> ForShareAsync(this NotificationDbContext db, Guid id, CancellationToken ct) =>
        await db.Sessions.FromSql($"SELECT * FROM sessions WHERE id = {id} FOR SHARE").FirstOrDefaultAsync(ct)
        ?? throw ArrivedTooEarlyException.SessionNotKnownYet("Notification", id);

    /// <summary>
    /// Creates the copy from a snapshot, or refreshes its texts and details. Times and schedule
    /// version are taken only on creation: moves go through <see cref="SessionRescheduled"/> (or a
    /// snapshot with a higher version, handled by the caller) so that attendees hear about them.
    /// </summary>
    public static SessionCopy Apply(this SessionCopy? copy, SessionSnapshot s, DateTimeOffset now, NotificationDbContext db)
    {
        if (copy is null)
        {
            copy = new SessionCopy
            {
                Id = s.SessionId,
                Code = s.Code,
                SourceLanguage = s.SourceLanguage,
                StartsAt = s.StartsAt,
                EndsAt = s.EndsAt,
                ScheduleVersion = s.ScheduleVersion,
            };
            db.Sessions.Add(copy);
        }
        copy.Code = s.Code;
        copy.SourceLanguage = s.SourceLanguage;
        copy.Languages = [.. s.Languages];
        copy.Organisers = [.. s.Organisers];
        copy.ReferenceOffsets = [.. s.ReferenceOffsets];
        copy.Platform = s.Platform;
        copy.JoinUrl = s.JoinUrl;
        var texts = copy.Texts.ToDictionary(f => f.Key, f => new Dictionary<string, string>(f.Value));
        foreach (var (field, byLanguage) in s.Texts)
        {
            if (!texts.TryGetValue(field, out var existing))
            {
                texts[field] = existing = [];
            }
            foreach (var (language, text) in byLanguage)
            {
                existing[language] = text;
            }
        }
        copy.Texts = texts;
        copy.UpdatedAt = now;
        return copy;
    }
}
