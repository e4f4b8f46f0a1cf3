using Conference.Notification.Data;
using Microsoft.EntityFrameworkCore;

namespace Conference.Notification.Messages;

/// <summary>
/// Writes outgoing messages in the caller's unit of work (the consumer's inbox transaction or the
/// reminder batch), once per key (registration, kind, sequence): a message already written is not
/// written again (no query is needed for a registration first stored in the same unit of work), and
/// the unique index settles a race between two writers.
/// </summary>
internal sealed class Mailbox(NotificationDbContext db, MessageComposer composer)
{
    /// <summary>Stages the message unless one with the same key exists; true when staged.</summary>
    public async Task<bool> EnqueueAsync(MessageRequest request, CancellationToken ct)
    {
        var registrationId = request.Registration.Id;
        bool Same(OutgoingMessage m) => m.RegistrationId == registrationId && m.Kind == request.Kind && m.Sequence == request.Sequence;
        if (db.OutgoingMessages.Local.Any(Same)
            || (!IsNew(request.Registration) && await db.OutgoingMessages.AnyAsync(m => m.RegistrationId == registrationId && m.Kind == request.Kind && m.Sequence == request.Sequence, ct)))
        {
            return false;
        }
        var message = composer.Compose(request);
        if (request.Kind is MessageKind.Confirmed or MessageKind.Waitlisted or MessageKind.Promoted)
        {
            // The registration event just applied: the start of the "registration to email" time.
            message.CausedAt = request.Registration.LastEventAt;
        }
        db.OutgoingMessages.Add(message);
        return true;
    }

    // A registration first written in this unit of work has no message yet: no query needed.
    private bool IsNew(Registrations.AttendeeRegistration registration) => db.Entry(registration).State == EntityState.Added;
}
