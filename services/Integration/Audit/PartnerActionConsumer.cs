using System.Text.Json;
using Conference.Contracts;
using Conference.Integration.Data;
using Conference.Integration.Sessions;
using Conference.Messaging.Inbox;
using MassTransit;

namespace Conference.Integration.Audit;

/// <summary>
/// <c>PartnerActionRecorded</c> (from Catalog, Registration and Translation) → one audit entry, and the
/// session's organisers it carries into the session copy (so the audit of a draft has readers).
/// </summary>
internal sealed class PartnerActionConsumer(IntegrationDbContext db, TimeProvider time)
    : InboxConsumer<PartnerActionRecorded, IntegrationDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<PartnerActionRecorded> context)
    {
        var m = context.Message;
        Db.Audit.Add(new AuditEntry
        {
            EventId = m.EventId,
            SessionId = m.SessionId,
            Organiser = m.Actor.Organiser.ToUpperInvariant(),
            ClientId = m.Actor.ClientId,
            Action = m.Action,
            Before = Raw(m.Before),
            After = Raw(m.After),
            OccurredAt = m.OccurredAt,
            RecordedAt = Time.GetUtcNow(),
        });
        if (m.SessionId is { } sessionId && m.SessionOrganisers is { Count: > 0 } organisers)
        {
            var code = m.After is { ValueKind: JsonValueKind.Object } after && after.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            await SessionCopies.ApplyAsync(Db, sessionId, code, organisers, m.OccurredAt, context.CancellationToken);
        }
    }

    private static string? Raw(JsonElement? value) => value is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } v ? v.GetRawText() : null;
}
