using System.Security.Claims;
using Conference.Catalog.Data;
using Conference.Messaging.Audit;

namespace Conference.Catalog.Sessions;

/// <summary>
/// The audit trail of partner actions on sessions (issue 10): each import, creation, edit, publication,
/// reschedule and cancellation stages a <c>PartnerActionRecorded</c> with the values it changed, in
/// the same transaction as the change. Values use the API's field names; texts are maps language → text.
/// </summary>
internal static class SessionAudit
{
    public const string Import = "import";
    public const string Create = "create";
    public const string Edit = "edit";
    public const string Publish = "publish";
    public const string Reschedule = "reschedule";
    public const string Cancel = "cancel";

    /// <summary>The audited values of a session (field → value), taken before and after a change.</summary>
    public static Dictionary<string, object?> Values(Session s)
    {
        var values = new Dictionary<string, object?>
        {
            ["code"] = s.Code,
            ["status"] = s.Status,
            ["format"] = s.Format,
            ["sourceLanguage"] = s.SourceLanguage,
            ["languages"] = s.Languages.ToList(),
            ["organisers"] = s.Organisers.ToList(),
            ["thematicLine"] = s.ThematicLineCode,
            ["subTheme"] = s.SubThemeCode,
            ["startsAt"] = s.StartsAt,
            ["endsAt"] = s.EndsAt,
            ["referenceOffsets"] = s.ReferenceOffsets.ToList(),
            ["platform"] = s.Platform,
            ["capacity"] = s.Capacity,
            ["registrationRequired"] = s.RegistrationRequired,
            ["documents"] = s.Documents.ToList(),
            ["joinUrl"] = s.JoinUrl,
        };
        foreach (var field in TextFields.All)
        {
            values[field] = s.Texts.GetValueOrDefault(field)?.OrderBy(t => t.Key, StringComparer.Ordinal).ToDictionary(t => t.Key, t => t.Value)
                ?? new Dictionary<string, string>();
        }
        return values;
    }

    /// <summary>
    /// Stages the audit record of <paramref name="action"/> by the calling partner: the values that differ
    /// between <paramref name="before"/> (null: a new session) and the session now; nothing when none does.
    /// </summary>
    public static void Record(CatalogDbContext db, ClaimsPrincipal user, string action, Dictionary<string, object?>? before, Session after, DateTimeOffset now, string? reason = null)
    {
        var values = Values(after);
        if (reason is not null)
        {
            values["reason"] = reason;
        }
        db.AddPartnerAction(user, action, after.Id, before, values, after.Organisers, now);
    }
}
