using System.Security.Claims;
using Conference.Integration.Audit;
using Conference.Integration.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using Conference.Messaging.Audit;

namespace Conference.Integration.Webhooks;

/// <summary>
/// <c>/api/v1/webhooks</c>: a partner's webhook subscriptions (create, list, read, delete, resume) and
/// its webhook audit entries. A subscription belongs to the partner (organiser code), whichever of its
/// clients created it; another partner's subscription answers 404.
/// </summary>
internal static class SubscriptionsApi
{
    /// <summary>Subscriptions a partner may hold at once (active or paused).</summary>
    public const int MaxPerPartner = 20;

    public static RouteGroupBuilder MapSubscriptionsApi(this RouteGroupBuilder webhooks)
    {
        webhooks.MapPost("/", Create).WithName("CreateWebhookSubscription")
            .WithSummary("Subscribes a URL to event kinds of the sessions the partner organises. Body { url, events: [kinds] }. 201 + the subscription with its secret (shown this once) and Location; 422 invalid URL (https to a public address; development also http://127.0.0.1) or unknown kinds; 403 registration.* kinds without the registrations scope; 409 when the partner already holds 20 subscriptions.");
        webhooks.MapGet("/", List).WithName("ListWebhookSubscriptions")
            .WithSummary("The calling partner's subscriptions (no secrets): status active, paused (with pausedAt and pausedReason) or ended.");
        webhooks.MapGet("/audit", AuditApi.GetPartnerAudit).WithName("GetWebhookAudit").WithTags("Audit")
            .WithSummary("The calling partner's webhook audit entries, oldest first: webhook-create, webhook-delete, webhook-resume, and webhook-paused / webhook-ended recorded by the platform (client system).");
        webhooks.MapGet("/{id:guid}", Get).WithName("GetWebhookSubscription")
            .WithSummary("One subscription of the calling partner (no secret). 404 unknown.");
        webhooks.MapDelete("/{id:guid}", Delete).WithName("DeleteWebhookSubscription")
            .WithSummary("Ends a subscription: nothing more is delivered, pending deliveries are cancelled; its log stays readable until then. 204; 404 unknown.");
        webhooks.MapPost("/{id:guid}/resume", Resume).WithName("ResumeWebhookSubscription")
            .WithSummary("Resumes a paused subscription: deliveries waiting since the pause go out in order. 200 + subscription; 409 when it is not paused; 404 unknown.");
        return webhooks;
    }

    internal static async Task<Results<Created<SubscriptionResponse>, ProblemHttpResult>> Create(
        CreateSubscriptionRequest? body, ClaimsPrincipal user, IntegrationDbContext db, IOptions<WebhookOptions> options, TimeProvider time, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (WebhookUrls.Problem(body?.Url, options.Value.AllowLoopbackHttp) is { } urlProblem)
        {
            errors["url"] = [urlProblem];
        }
        var events = body?.Events?.Select(e => e?.Trim() ?? "").ToList() ?? [];
        if (events.Count == 0)
        {
            errors["events"] = [$"Give at least one event kind: {string.Join(", ", EventKinds.All)}."];
        }
        else if (events.Where(e => !EventKinds.All.Contains(e)).ToList() is { Count: > 0 } unknown)
        {
            errors["events"] = [$"Unknown event kinds: {string.Join(", ", unknown)}. Known: {string.Join(", ", EventKinds.All)}."];
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        // Registration events carry attendees' names and emails: only a token holding the registrations scope may ask for them.
        if (events.Any(e => e.StartsWith("registration.", StringComparison.Ordinal)) && !user.HasScope(PartnerScopes.Registrations))
        {
            return Problems.Forbidden($"registration.* events need a token with the '{PartnerScopes.Registrations}' scope.");
        }
        var organiser = Organiser(user);
        var held = await db.Subscriptions.CountAsync(s => s.Organiser == organiser && (s.Status == SubscriptionStatus.Active || s.Status == SubscriptionStatus.Paused), ct);
        if (held >= MaxPerPartner)
        {
            return Problems.Conflict($"A partner holds at most {MaxPerPartner} subscriptions; delete one first.");
        }
        var now = time.GetUtcNow();
        var actor = PartnerActions.Actor(user);
        var subscription = new WebhookSubscription
        {
            Id = Guid.CreateVersion7(now),
            Organiser = organiser,
            CreatedBy = actor.ClientId,
            Url = body!.Url!.Trim(),
            Events = [.. EventKinds.All.Where(events.Contains)],
            Secret = WebhookSigning.NewSecret(),
            CreatedAt = now,
        };
        db.Subscriptions.Add(subscription);
        AuditTrail.Append(db, null, organiser, actor.ClientId, AuditActions.WebhookCreate, null,
            new { subscriptionId = subscription.Id, url = subscription.Url, events = subscription.Events }, now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/webhooks/{subscription.Id}", subscription.ToResponse(withSecret: true));
    }

    internal static async Task<Ok<SubscriptionList>> List(ClaimsPrincipal user, IntegrationDbContext db, CancellationToken ct)
    {
        var organiser = Organiser(user);
        var items = await db.Subscriptions.AsNoTracking()
            .Where(s => s.Organiser == organiser && s.Status != SubscriptionStatus.Deleted)
            .OrderBy(s => s.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(new SubscriptionList([.. items.Select(s => s.ToResponse())]));
    }

    internal static async Task<Results<Ok<SubscriptionResponse>, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal user, IntegrationDbContext db, CancellationToken ct) =>
        await FindAsync(db, id, user, ct) is { } s ? TypedResults.Ok(s.ToResponse()) : NotFound(id);

    internal static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, ClaimsPrincipal user, IntegrationDbContext db, TimeProvider time, CancellationToken ct)
    {
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (await FindAsync(db, id, user, ct, tracked: true) is not { } subscription)
            {
                return (Results<NoContent, ProblemHttpResult>)NotFound(id);
            }
            var now = time.GetUtcNow();
            var actor = PartnerActions.Actor(user);
            AuditTrail.Append(db, null, subscription.Organiser, actor.ClientId, AuditActions.WebhookDelete,
                new { subscriptionId = id, status = subscription.Status, url = subscription.Url, events = subscription.Events }, new { subscriptionId = id, status = SubscriptionStatus.Deleted }, now);
            subscription.Status = SubscriptionStatus.Deleted;
            subscription.EndedAt = now;
            await db.SaveChangesAsync(ct);
            await db.Deliveries.Where(d => d.SubscriptionId == id && d.Status == DeliveryStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Cancelled), ct);
            await tx.CommitAsync(ct);
            return TypedResults.NoContent();
        });
    }

    internal static async Task<Results<Ok<SubscriptionResponse>, ProblemHttpResult>> Resume(Guid id, ClaimsPrincipal user, IntegrationDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (await FindAsync(db, id, user, ct, tracked: true) is not { } subscription)
        {
            return NotFound(id);
        }
        if (subscription.Status != SubscriptionStatus.Paused)
        {
            return Problems.Conflict($"Only a paused subscription can be resumed; this one is {subscription.Status}.");
        }
        var now = time.GetUtcNow();
        AuditTrail.Append(db, null, subscription.Organiser, PartnerActions.Actor(user).ClientId, AuditActions.WebhookResume,
            new { subscriptionId = id, status = subscription.Status }, new { subscriptionId = id, status = SubscriptionStatus.Active }, now);
        subscription.Status = SubscriptionStatus.Active;
        subscription.ConsecutiveFailures = 0;
        subscription.FailingSince = null;
        subscription.PausedAt = null;
        subscription.PausedReason = null;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(subscription.ToResponse());
    }

    /// <summary>The calling partner's organiser code, upper-cased (subscriptions belong to the partner).</summary>
    internal static string Organiser(ClaimsPrincipal user) => (user.Organiser() ?? "").Trim().ToUpperInvariant();

    /// <summary>The caller's subscription (not deleted), or null.</summary>
    internal static Task<WebhookSubscription?> FindAsync(IntegrationDbContext db, Guid id, ClaimsPrincipal user, CancellationToken ct, bool tracked = false)
    {
        var organiser = Organiser(user);
        var query = tracked ? db.Subscriptions : db.Subscriptions.AsNoTracking();
        return query.FirstOrDefaultAsync(s => s.Id == id && s.Organiser == organiser && s.Status != SubscriptionStatus.Deleted, ct);
    }

    internal static ProblemHttpResult NotFound(Guid id) => Problems.NotFound($"No webhook subscription {id} of this partner.");
}
