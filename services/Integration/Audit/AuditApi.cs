using System.Security.Claims;
using System.Text.Json;
using Conference.Integration.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Conference.Integration.Audit;

/// <summary>Who made an action: organiser code and OAuth client id (<c>system</c> for the platform).</summary>
public sealed record AuditActor(string Organiser, string ClientId);

/// <summary>
/// One audit entry: <c>id</c> (the event id), <c>occurredAt</c> (UTC), <c>actor</c>, <c>action</c>
/// (import, create, edit, publish, reschedule, cancel, review, remove-attendee, capacity,
/// webhook-create, webhook-delete, webhook-resume, webhook-paused, webhook-ended), and <c>before</c> /
/// <c>after</c>: JSON objects of the changed values only (<c>before</c> null for something new).
/// </summary>
public sealed record AuditItem(Guid Id, DateTime OccurredAt, AuditActor Actor, string Action, JsonElement? Before, JsonElement? After);

/// <summary>A session's audit trail, oldest first (newest last).</summary>
public sealed record SessionAudit(Guid SessionId, IReadOnlyList<AuditItem> Items);

/// <summary>A partner's own webhook audit trail, oldest first.</summary>
public sealed record PartnerAudit(string Organiser, IReadOnlyList<AuditItem> Items);

/// <summary>
/// <c>GET /api/v1/sessions/{id}/audit</c> (the session's organisers) and <c>GET /api/v1/webhooks/audit</c>
/// (the calling partner's webhook entries). Append-only: there is no way to change or remove an entry.
/// </summary>
internal static class AuditApi
{
    private const int MaxItems = 5000;

    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/sessions/{id:guid}/audit", GetSessionAudit)
            .WithName("GetSessionAudit")
            .WithTags("Audit")
            .WithSummary("The audit trail of a session: every partner action with who, when, what, and the values before and after, oldest first (at most 5000). 403 when the caller does not organise the session; 404 when no action or event of the session is known.")
            .RequireAuthorization(PartnerAuthentication.PartnerPolicy);
        return api;
    }

    internal static async Task<Results<Ok<SessionAudit>, ProblemHttpResult>> GetSessionAudit(Guid id, ClaimsPrincipal user, IntegrationDbContext db, CancellationToken ct)
    {
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null)
        {
            return Problems.NotFound($"No session {id} is known to the audit trail.");
        }
        if (!session.IsOrganisedBy(user.Organiser()))
        {
            return Problems.Forbidden($"Partner {user.Organiser() ?? "(none)"} does not organise session {id}.");
        }
        var entries = await db.Audit.AsNoTracking().Where(a => a.SessionId == id)
            .OrderBy(a => a.OccurredAt).ThenBy(a => a.Sequence).Take(MaxItems).ToListAsync(ct);
        return TypedResults.Ok(new SessionAudit(id, [.. entries.Select(Item)]));
    }

    internal static async Task<Ok<PartnerAudit>> GetPartnerAudit(ClaimsPrincipal user, IntegrationDbContext db, CancellationToken ct)
    {
        var organiser = (user.Organiser() ?? "").ToUpperInvariant();
        var entries = await db.Audit.AsNoTracking().Where(a => a.SessionId == null && a.Organiser == organiser)
            .OrderBy(a => a.OccurredAt).ThenBy(a => a.Sequence).Take(MaxItems).ToListAsync(ct);
        return TypedResults.Ok(new PartnerAudit(organiser, [.. entries.Select(Item)]));
    }

    private static AuditItem Item(AuditEntry a) => new(
        a.EventId, a.OccurredAt.UtcDateTime, new AuditActor(a.Organiser, a.ClientId), a.Action, Parse(a.Before), Parse(a.After));

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
