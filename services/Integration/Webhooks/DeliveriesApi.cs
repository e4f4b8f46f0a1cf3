using System.Security.Claims;
using Conference.Integration.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Conference.Integration.Webhooks;

/// <summary>
/// <c>GET /api/v1/webhooks/{id}/deliveries</c> (the delivery log) and <c>POST /api/v1/webhooks/{id}/replay</c>
/// (send past events again, by id or time range; only events of sessions the partner organises, of
/// the kinds the subscription wants).
/// </summary>
internal static class DeliveriesApi
{
    /// <summary>Most events one replay queues.</summary>
    public const int MaxReplay = 1000;

    private static readonly string[] Statuses = [DeliveryStatus.Pending, DeliveryStatus.Delivered, DeliveryStatus.Failed, DeliveryStatus.Cancelled];

    public static RouteGroupBuilder MapDeliveriesApi(this RouteGroupBuilder webhooks)
    {
        webhooks.MapGet("/{id:guid}/deliveries", GetDeliveries).WithName("GetWebhookDeliveries")
            .WithSummary("The delivery log of a subscription, newest first: status, attempts, last response code, error and duration (ms), next attempt. Query: status (pending, delivered, failed, cancelled), page (1-1000000), pageSize (1-200, default 50). 404 unknown; 422 bad query.");
        webhooks.MapPost("/{id:guid}/replay", Replay).WithName("ReplayWebhookEvents")
            .WithSummary("Queues past events again: body { eventId } or { from, to } (UTC instants, [from, to), at most 1000 events). The body sent is the original one, with a fresh timestamp and signature. 202 + the deliveries queued; 404 unknown subscription or event; 409 subscription not active; 422 invalid body.");
        return webhooks;
    }

    internal static async Task<Results<Ok<DeliveryPage>, ProblemHttpResult>> GetDeliveries(
        Guid id, ClaimsPrincipal user, IntegrationDbContext db, CancellationToken ct, string? status = null, int page = 1, int pageSize = 50)
    {
        if (await SubscriptionsApi.FindAsync(db, id, user, ct) is null)
        {
            return SubscriptionsApi.NotFound(id);
        }
        var errors = new Dictionary<string, string[]>();
        if (status is not null && !Statuses.Contains(status))
        {
            errors["status"] = [$"One of {string.Join(", ", Statuses)}."];
        }
        if (page is < 1 or > 1_000_000)
        {
            errors["page"] = ["From 1 to 1000000."];
        }
        if (pageSize is < 1 or > 200)
        {
            errors["pageSize"] = ["From 1 to 200."];
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }
        var query = db.Deliveries.AsNoTracking().Where(d => d.SubscriptionId == id);
        if (status is not null)
        {
            query = query.Where(d => d.Status == status);
        }
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(d => d.Sequence).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return TypedResults.Ok(new DeliveryPage([.. items.Select(d => d.ToItem())], page, pageSize, total));
    }

    internal static async Task<Results<Accepted<ReplayResult>, ProblemHttpResult>> Replay(
        Guid id, ReplayRequest? body, ClaimsPrincipal user, IntegrationDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (await SubscriptionsApi.FindAsync(db, id, user, ct) is not { } subscription)
        {
            return SubscriptionsApi.NotFound(id);
        }
        var byId = body?.EventId is not null;
        var byRange = body?.From is not null || body?.To is not null;
        if (byId == byRange)
        {
            return Problems.Invalid("body", "Give either eventId, or from and to.");
        }
        if (byRange && (body!.From is not { } from || body.To is not { } to || to <= from))
        {
            return Problems.Invalid("to", "Give from and to (UTC instants), to after from.");
        }
        if (subscription.Status != SubscriptionStatus.Active)
        {
            return Problems.Conflict($"The subscription is {subscription.Status}; only an active one replays{(subscription.Status == SubscriptionStatus.Paused ? " (resume it first)" : "")}.");
        }

        // Entitlement: the event's session is organised by this partner now, and its kind is subscribed.
        var organiser = subscription.Organiser;
        var kinds = subscription.Events;
        var entitled = db.Events.AsNoTracking()
            .Where(e => kinds.Contains(e.Type) && db.Sessions.Any(s => s.Id == e.SessionId && s.Organisers.Contains(organiser)));
        if (byId)
        {
            entitled = entitled.Where(e => e.Id == body!.EventId);
        }
        else
        {
            var (start, end) = (body!.From!.Value.ToUniversalTime(), body.To!.Value.ToUniversalTime());
            entitled = entitled.Where(e => e.OccurredAt >= start && e.OccurredAt < end);
        }
        var events = await entitled.OrderBy(e => e.OccurredAt).ThenBy(e => e.Id)
            .Select(e => new { e.Id, e.Type, e.SessionId, e.OccurredAt }).Take(MaxReplay + 1).ToListAsync(ct);
        if (byId && events.Count == 0)
        {
            return Problems.NotFound($"No event {body!.EventId} of a session this partner organises, of a kind this subscription wants.");
        }
        if (events.Count > MaxReplay)
        {
            return Problems.Invalid("to", $"The range holds more than {MaxReplay} events; narrow it.");
        }

        var now = time.GetUtcNow();
        var deliveries = events.Select(e => WebhookFanOut.NewDelivery(subscription.Id, e.Id, e.Type, e.SessionId, e.OccurredAt, now, replay: true)).ToList();
        db.Deliveries.AddRange(deliveries);
        await db.SaveChangesAsync(ct);
        return TypedResults.Accepted($"/api/v1/webhooks/{id}/deliveries", new ReplayResult(id, deliveries.Count, [.. deliveries.Select(d => d.Id)]));
    }
}
