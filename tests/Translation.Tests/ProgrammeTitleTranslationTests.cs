using Conference.Contracts;
using Conference.Messaging.Outbox;
using Conference.Translation.Glossary;

namespace Conference.Translation.Tests;

/// <summary>
/// The thematic line and sub-theme a session names are translated with its texts (real Apertium,
/// real PostgreSQL): French card 3.2.2 → English and Spanish, glossary applied.
/// </summary>
public sealed class ProgrammeTitleTranslationTests(TranslationHost host) : IClassFixture<TranslationHost>
{
    [Fact]
    public async Task The_real_cards_thematic_line_and_sub_theme_come_out_in_English_and_Spanish_with_the_glossary()
    {
        // A term this forum might add: Apertium alone gives "multi-levels" / "multi-niveles".
        await host.QueryAsync(async db =>
        {
            db.Glossary.Add(new GlossaryEntry { Id = Guid.NewGuid(), Position = 100, Terms = new() { ["fr"] = "multi-niveaux", ["en"] = "multi-level", ["es"] = "multinivel" } });
            return await db.SaveChangesAsync();
        });
        var session = SessionCard.SnapshotWithProgramme();

        await host.Harness.Bus.Publish(new SessionPublished(OutboxExtensions.NewEventId(), DateTimeOffset.UtcNow, session));

        var events = await TranslationHost.EventuallyAsync(
            async () => (await host.OutboxAsync<SessionTranslated>()).Where(e => e.SessionId == session.SessionId).ToList(),
            e => e.Count == 2);
        foreach (var e in events)
        {
            Assert.Equal(["conceptualisation", "objectives", "subThemeTitle", "summary", "thematicLineTitle", "title"], e.Fields.Keys.Order());
            Assert.DoesNotContain('*', e.Fields["thematicLineTitle"] + e.Fields["subThemeTitle"]);
            Assert.DoesNotContain("ZGLZ", e.Fields["thematicLineTitle"] + e.Fields["subThemeTitle"]);
        }
        var english = events.Single(e => e.Language == "en").Fields;
        var spanish = events.Single(e => e.Language == "es").Fields;
        Assert.Contains("work of the future", english["thematicLineTitle"]);
        Assert.Contains("in a territorial perspective", english["thematicLineTitle"]);
        Assert.Contains("COVID-19", english["thematicLineTitle"]);
        Assert.Contains("el trabajo del futuro", spanish["thematicLineTitle"]);
        Assert.Contains("perspectiva territorial", spanish["thematicLineTitle"]);
        // "dialogue social" is a seeded glossary term, "multi-niveaux" the one added above.
        Assert.Equal("Collective representation and social dialogue multi-level", english["subThemeTitle"]);
        Assert.Equal("Representación colectiva y diálogo social multinivel", spanish["subThemeTitle"]);
    }

    [Fact]
    public async Task A_snapshot_from_before_the_programme_was_carried_translates_the_texts_only()
    {
        var session = SessionCard.Snapshot();

        await host.Harness.Bus.Publish(new SessionPublished(OutboxExtensions.NewEventId(), DateTimeOffset.UtcNow, session));

        var events = await TranslationHost.EventuallyAsync(
            async () => (await host.OutboxAsync<SessionTranslated>()).Where(e => e.SessionId == session.SessionId).ToList(),
            e => e.Count == 2);
        Assert.All(events, e => Assert.DoesNotContain("thematicLineTitle", e.Fields.Keys));
    }
}
