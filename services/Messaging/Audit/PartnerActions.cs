using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Conference.Contracts;
using Conference.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Conference.Messaging.Audit;

/// <summary>
/// Stages <see cref="PartnerActionRecorded"/> (the audit trail Integration keeps) in the caller's
/// outbox, so an action and its audit record commit together or not at all.
/// </summary>
public static class PartnerActions
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The partner behind a request: claims <c>organiser</c> and <c>sub</c> (client id) of its token.</summary>
    public static PartnerActor Actor(ClaimsPrincipal user) => new(
        user.FindFirst("organiser")?.Value ?? "",
        user.FindFirst("sub")?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "");

    /// <summary>
    /// Records <paramref name="action"/> with the values that differ between <paramref name="before"/>
    /// and <paramref name="after"/> (field → value, compared as JSON; instants written in UTC with Z).
    /// <paramref name="before"/> null means the thing is new: every value of <paramref name="after"/> is
    /// recorded. Returns false and records nothing when no value changed. Committed by the caller's next
    /// <c>SaveChanges</c>.
    /// </summary>
    public static bool AddPartnerAction(
        this DbContext db,
        ClaimsPrincipal user,
        string action,
        Guid? sessionId,
        IReadOnlyDictionary<string, object?>? before,
        IReadOnlyDictionary<string, object?> after,
        IEnumerable<string>? sessionOrganisers,
        DateTimeOffset now)
    {
        var beforeValues = before?.ToDictionary(v => v.Key, v => ToNode(v.Value));
        var afterValues = after.ToDictionary(v => v.Key, v => ToNode(v.Value));
        var changed = afterValues.Keys.Union(beforeValues?.Keys ?? Enumerable.Empty<string>())
            .Where(k => beforeValues is null || !JsonNode.DeepEquals(beforeValues.GetValueOrDefault(k), afterValues.GetValueOrDefault(k)))
            .ToList();
        if (changed.Count == 0)
        {
            return false;
        }

        JsonElement? Pick(Dictionary<string, JsonNode?>? values)
        {
            if (values is null)
            {
                return null;
            }
            var picked = new JsonObject();
            foreach (var key in changed)
            {
                picked[key] = values.GetValueOrDefault(key)?.DeepClone();
            }
            return JsonSerializer.SerializeToElement(picked, Json);
        }

        db.AddEvent(new PartnerActionRecorded(
            OutboxExtensions.NewEventId(), now, sessionId, Actor(user), action, Pick(beforeValues), Pick(afterValues),
            sessionOrganisers?.ToList()));
        return true;
    }

    private static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        DateTimeOffset instant => JsonValue.Create(instant.UtcDateTime),
        _ => JsonSerializer.SerializeToNode(value, value.GetType(), Json),
    };
}
