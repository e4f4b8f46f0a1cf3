using Conference.Contracts;
using Conference.Messaging.Inbox;
using Conference.Translation.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Conference.Translation.Demand;

/// <summary>
/// Keeps each registration's preferred language and whether it holds a seat, from Registration's
/// events, for interpretation demand. An event older than the last one applied changes nothing.
/// </summary>
internal static class AttendeeLanguages
{
    public static async Task ApplyAsync(TranslationDbContext db, Attendee attendee, bool confirmed, DateTimeOffset occurredAt, CancellationToken ct)
    {
        var row = await db.Attendees.FirstOrDefaultAsync(a => a.RegistrationId == attendee.RegistrationId, ct);
        if (row is null)
        {
            db.Attendees.Add(new AttendeeLanguage
            {
                RegistrationId = attendee.RegistrationId,
                SessionId = attendee.SessionId,
                Language = attendee.Language.ToLowerInvariant(),
                Confirmed = confirmed,
                LastEventAt = occurredAt,
            });
        }
        else if (row.LastEventAt <= occurredAt)
        {
            row.Confirmed = confirmed;
            row.Language = attendee.Language.ToLowerInvariant();
            row.LastEventAt = occurredAt;
        }
    }
}

/// <summary><c>RegistrationConfirmed</c>: the attendee's language counts.</summary>
internal sealed class RegistrationConfirmedDemandConsumer(TranslationDbContext db, TimeProvider time)
    : InboxConsumer<RegistrationConfirmed, TranslationDbContext>(db, time)
{
    protected override Task HandleAsync(ConsumeContext<RegistrationConfirmed> context) =>
        AttendeeLanguages.ApplyAsync(Db, context.Message.Attendee, true, context.Message.OccurredAt, context.CancellationToken);
}

/// <summary><c>RegistrationPromoted</c>: a waitlisted attendee got a seat; their language counts.</summary>
internal sealed class RegistrationPromotedDemandConsumer(TranslationDbContext db, TimeProvider time)
    : InboxConsumer<RegistrationPromoted, TranslationDbContext>(db, time)
{
    protected override Task HandleAsync(ConsumeContext<RegistrationPromoted> context) =>
        AttendeeLanguages.ApplyAsync(Db, context.Message.Attendee, true, context.Message.OccurredAt, context.CancellationToken);
}

/// <summary><c>RegistrationCancelled</c>: the attendee's language no longer counts.</summary>
internal sealed class RegistrationCancelledDemandConsumer(TranslationDbContext db, TimeProvider time)
    : InboxConsumer<RegistrationCancelled, TranslationDbContext>(db, time)
{
    protected override Task HandleAsync(ConsumeContext<RegistrationCancelled> context) =>
        AttendeeLanguages.ApplyAsync(Db, context.Message.Attendee, false, context.Message.OccurredAt, context.CancellationToken);
}
