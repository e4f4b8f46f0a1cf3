using Conference.Catalog.Data;
using Conference.Catalog.Sessions;
using Conference.Contracts;
using Conference.Messaging.Inbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Conference.Catalog.Translations;

/// <summary>
/// Stores the texts Translation made for one language, with their origin (<c>machine</c> with its
/// engine, or <c>reviewed</c>). A machine translation never replaces a reviewed one, and never
/// replaces the source language. Unknown sessions and fields are ignored (nothing to attach them to).
/// </summary>
internal sealed class SessionTranslatedConsumer(CatalogDbContext db, TimeProvider time)
    : InboxConsumer<SessionTranslated, CatalogDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<SessionTranslated> context)
    {
        var message = context.Message;
        var language = LanguageCodes.Normalise(message.Language);
        var session = await Db.Sessions.FirstOrDefaultAsync(s => s.Id == message.SessionId, context.CancellationToken);
        if (session is null || language is null || language == session.SourceLanguage)
        {
            return;
        }
        var origin = message.Origin == TextOrigin.Reviewed ? TextOrigin.Reviewed : TextOrigin.Machine;
        if (origin == TextOrigin.Machine && session.Translations.TryGetValue(language, out var current) && current.Origin == TextOrigin.Reviewed)
        {
            return;
        }
        foreach (var (field, text) in message.Fields)
        {
            if (!TextFields.All.Contains(field))
            {
                continue;
            }
            if (!session.Texts.TryGetValue(field, out var texts))
            {
                session.Texts[field] = texts = new Dictionary<string, string>(StringComparer.Ordinal);
            }
            texts[language] = text;
        }
        session.Translations[language] = new TranslationState(origin, origin == TextOrigin.Machine ? message.Engine : null, false, Time.GetUtcNow());
        session.RefreshSearchText();
    }
}

/// <summary>Keeps Catalog's copy of a session's capacity (seats) from Registration, which owns the seats once published.</summary>
internal sealed class SessionCapacityChangedConsumer(CatalogDbContext db, TimeProvider time)
    : InboxConsumer<SessionCapacityChanged, CatalogDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<SessionCapacityChanged> context)
    {
        var session = await Db.Sessions.FirstOrDefaultAsync(s => s.Id == context.Message.SessionId, context.CancellationToken);
        if (session is not null && context.Message.Capacity > 0)
        {
            session.Capacity = context.Message.Capacity;
        }
    }
}
