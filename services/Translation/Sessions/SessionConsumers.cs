using Conference.Contracts;
using Conference.Messaging.Inbox;
using Conference.Translation.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Conference.Translation.Sessions;

/// <summary>
/// <c>SessionPublished</c>: keeps the session's copy and source texts and queues its machine
/// translation into every other session language (done by <see cref="TranslationWorker"/>, which
/// publishes <c>SessionTranslated</c>), so a slow or stopped engine never holds this transaction
/// nor loses the work.
/// </summary>
internal sealed class SessionPublishedConsumer(TranslationDbContext db, TimeProvider time, SessionIntake intake)
    : InboxConsumer<SessionPublished, TranslationDbContext>(db, time)
{
    protected override Task HandleAsync(ConsumeContext<SessionPublished> context) =>
        intake.ApplyAsync(context.Message.Session, context.Message.OccurredAt, context.CancellationToken);
}

/// <summary><c>SessionUpdated</c>: as published; only fields whose source text changed are translated again.</summary>
internal sealed class SessionUpdatedConsumer(TranslationDbContext db, TimeProvider time, SessionIntake intake)
    : InboxConsumer<SessionUpdated, TranslationDbContext>(db, time)
{
    protected override Task HandleAsync(ConsumeContext<SessionUpdated> context) =>
        intake.ApplyAsync(context.Message.Session, context.Message.OccurredAt, context.CancellationToken);
}

/// <summary><c>SessionCancelled</c>: pending machine translation of the session stops.</summary>
internal sealed class SessionCancelledConsumer(TranslationDbContext db, TimeProvider time)
    : InboxConsumer<SessionCancelled, TranslationDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<SessionCancelled> context)
    {
        var id = context.Message.SessionId;
        await Db.Set<SessionCopy>().Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Cancelled, true), context.CancellationToken);
        await Db.Set<TranslationJob>().Where(j => j.SessionId == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Pending, false), context.CancellationToken);
    }
}
