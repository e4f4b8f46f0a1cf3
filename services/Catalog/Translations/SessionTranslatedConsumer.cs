using Conference.Catalog.Data;
using Conference.Catalog.Programme;
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
/// <c>thematicLineTitle</c> and <c>subThemeTitle</c> go to the title of the session's thematic line
/// and sub-theme in that language, not to the session's texts, by the rule of
/// <see cref="ProgrammeTopicEntity.OfferTranslatedTitle"/> (a partner's title is never replaced).
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
        await StoreTopicTitlesAsync(session, language, message.Fields, origin, context.CancellationToken);
        var sessionFields = message.Fields.Where(f => TextFields.All.Contains(f.Key)).ToList();
        if (sessionFields.Count == 0)
        {
            // Only programme titles: the session's texts and their translation state stay as they are.
            return;
        }
        if (origin == TextOrigin.Machine && session.Translations.TryGetValue(language, out var current) && current.Origin == TextOrigin.Reviewed)
        {
            return;
        }
        foreach (var (field, text) in sessionFields)
        {
            if (!session.Texts.TryGetValue(field, out var texts))
            {
                session.Texts[field] = texts = new Dictionary<string, string>(StringComparer.Ordinal);
            }
            texts[language] = text;
        }
        session.Translations[language] = new TranslationState(origin, origin == TextOrigin.Machine ? message.Engine : null, false, Time.GetUtcNow());
        session.RefreshSearchText();
    }

    private async Task StoreTopicTitlesAsync(Session session, string language, IReadOnlyDictionary<string, string> fields, string origin, CancellationToken ct)
    {
        if (session.ThematicLineCode is { } lineCode && fields.TryGetValue(TopicFields.ThematicLineTitle, out var lineTitle)
            && await Db.ThematicLines.FirstOrDefaultAsync(t => t.Code == lineCode, ct) is { } line)
        {
            line.OfferTranslatedTitle(language, lineTitle.Trim(), origin);
        }
        if (session.SubThemeCode is { } subCode && fields.TryGetValue(TopicFields.SubThemeTitle, out var subTitle)
            && await Db.SubThemes.FirstOrDefaultAsync(t => t.Code == subCode, ct) is { } subTheme)
        {
            subTheme.OfferTranslatedTitle(language, subTitle.Trim(), origin);
        }
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
