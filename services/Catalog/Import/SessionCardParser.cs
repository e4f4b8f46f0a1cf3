using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Conference.Catalog.Sessions;
using Conference.Contracts;

namespace Conference.Catalog.Import;

/// <summary>The outcome of reading a card: whether it is a session card at all, its content, and every problem found.</summary>
internal sealed record CardParseResult(bool IsCard, string? NotACardReason, SessionContent Content, Problems Problems);

/// <summary>
/// Reads a forum session card (plain text or Markdown; French, English or Spanish template) into
/// <see cref="SessionContent"/>. Pure: no clock, no I/O.
/// <list type="bullet">
/// <item>The text is read in Unicode NFC: a card saved decomposed (NFD, "e" + U+0301 for "é") reads as the
/// composed one, and every value is stored composed (NFC). Text that is not valid Unicode is no card.</item>
/// <item>The first line names the format (Atelier/Workshop/Taller → <c>workshop</c>, ...).</item>
/// <item>Labelled lines "Label [code] : value" (space before the colon optional, bold/italic marks
/// ignored); only the first colon after a label separates it from the value, so titles may hold " : ".</item>
/// <item>The session code sits in the title label ("Titre de la session 3.2.2 :"), the thematic line's and
/// sub-theme's in theirs ("Ligne thématique 3 :", "Sous-thème 3.2 :"). Codes are ASCII digits separated by
/// dots (<see cref="ProgrammeCodes"/>): a code written with look-alike digits (fullwidth "３.２.２",
/// Arabic-Indic "٣.٢.٢"), letters after its first digit ("3.2.b") or a number with a leading zero
/// ("3.02") is a problem on its field, never another code; a sub-theme outside the card's thematic line
/// ("Sous-thème 4.1" under "Ligne thématique 3") is a problem on <c>subTheme</c>.</item>
/// <item>Dates are day/month/year (the forum's convention) or ISO 8601 (yyyy-mm-dd). Numbers (dates, times,
/// offsets, capacity) are read in ASCII digits only; others are a problem on their field.</item>
/// <item>Times are one or more ranges each with its UTC offset ("14:05 - 15:35 (UTC-3) / 19:05 - 20:35 (UTC+2)");
/// all ranges must denote the same instants (a range may fall on the next or previous day).</item>
/// <item>No text is dropped: after the first labelled line, every line is a labelled line, a text heading or
/// a line of the text under it. Other text (a value continued on the next line, a text whose heading is
/// missing or not recognised) is a problem on the field it follows, naming its lines. Lines before the
/// first labelled line only name the format (the template's first line).</item>
/// <item>Each field and each text is given once: a second line with its label or heading (also in another
/// spelling: "Capacité" after "Capacité de la session") is a problem on that field, never silently ignored.</item>
/// <item>Text sections follow their headings ("(max. N words)" notes ignored: the limits are the
/// contract's); paragraphs are kept, separated by one blank line.</item>
/// <item>The languages include the card's source language (the language of its labels; <see cref="SessionRules"/>).</item>
/// <item>Documents are Markdown links or plain titles; a placeholder link (<c>#</c>) gives no address.</item>
/// </list>
/// Errors are keyed by field: title, code, format, thematicLine, subTheme, organisers, date, time,
/// platform, capacity, registrationRequired, languages, summary, conceptualisation, objectives,
/// discussionPoints, documents.
/// </summary>
internal static partial class SessionCardParser
{
    /// <summary>Cards longer than this (characters) are refused as not being a card.</summary>
    public const int MaxLength = 200_000;

    private static readonly (string Folded, string Language, CardField Field)[] FieldLabels = CardTemplates.Fields
        .Select(f => (CardText.Fold(f.Label), f.Language, f.Field))
        .OrderByDescending(f => f.Item1.Length)
        .ToArray();

    private static readonly (string Folded, string Language, CardSection Section)[] SectionLabels = CardTemplates.Sections
        .Select(s => (CardText.Fold(s.Label), s.Language, s.Section))
        .OrderByDescending(s => s.Item1.Length)
        .ToArray();

    public static CardParseResult Parse(string? text)
    {
        var content = new SessionContent();
        var problems = new Problems();
        if (string.IsNullOrWhiteSpace(text))
        {
            return new CardParseResult(false, "The body is empty.", content, problems);
        }
        if (text.Length > MaxLength)
        {
            return new CardParseResult(false, $"A session card has at most {MaxLength} characters.", content, problems);
        }
        var controls = text.Count(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t');
        if (text.Contains('\0', StringComparison.Ordinal) || controls > 10 + text.Length / 100)
        {
            return new CardParseResult(false, "The body is binary data, not a session card.", content, problems);
        }
        if (!TryNormalise(ref text))
        {
            return new CardParseResult(false, "The body is not valid Unicode text (it holds a lone surrogate).", content, problems);
        }

        var lines = text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n')
            .Split('\n')
            // Controls go, and so do bidirectional overrides and isolates (PlainText): pasted from a
            // word processor, a card may carry them; a title must not show other than it is.
            .Select(l => new string(l.Where(c => (!char.IsControl(c) || c == '\t') && !Conference.Contracts.PlainText.IsBidiControl(c)).ToArray()))
            .ToArray();

        var fields = new Dictionary<CardField, (string? Code, string Value)>();
        var sections = new Dictionary<CardSection, List<string>>();
        var languageVotes = new Dictionary<string, int>(StringComparer.Ordinal);
        string? titleLanguage = null;
        var preamble = new List<string>();
        CardSection? current = null;
        CardField? lastField = null;
        var stray = new List<StrayText>();
        StrayText? run = null;
        var firstLines = new Dictionary<string, int>(StringComparer.Ordinal);
        var repeated = false;
        var recognised = 0;

        for (var i = 0; i < lines.Length; i++)
        {
            var clean = CardText.CleanLabelLine(lines[i]);
            if (clean.Length == 0)
            {
                if (current is { } open)
                {
                    sections[open].Add("");
                }
                continue;
            }

            var folded = CardText.Fold(clean);
            var heading = MatchSection(clean, folded);
            var label = heading is null ? MatchField(clean, folded) : null;
            if ((heading?.Section.Key() ?? label?.Field.Key()) is { } key)
            {
                run = null;
                recognised++;
                if (firstLines.TryGetValue(key, out var first))
                {
                    // A field given twice: refused by name, and what follows it is part of the refused repeat.
                    problems.Add(key, $"Line {i + 1} (\"{Shorten(clean)}\") gives {key} again (first on line {first}): a card gives each field once.");
                    current = null;
                    repeated = true;
                    continue;
                }
                firstLines[key] = i + 1;
                repeated = false;
            }

            if (heading is not null)
            {
                Vote(languageVotes, heading.Languages);
                current = heading.Section;
                sections[heading.Section] = heading.Rest is { Length: > 0 } rest ? [rest] : [];
                continue;
            }

            if (label is not null)
            {
                Vote(languageVotes, label.Languages);
                if (label.Field == CardField.Title)
                {
                    titleLanguage = label.Languages.Count == 1 ? label.Languages[0] : null;
                }
                var value = label.Value;
                if (value.Length == 0 && label.Field != CardField.Title && i + 1 < lines.Length)
                {
                    // "Organisateurs :" with the value on the next line.
                    var next = Array.FindIndex(lines, i + 1, l => !string.IsNullOrWhiteSpace(l));
                    if (next > 0)
                    {
                        var nextClean = CardText.CleanLabelLine(lines[next]);
                        var nextFolded = CardText.Fold(nextClean);
                        if (MatchField(nextClean, nextFolded) is null && MatchSection(nextClean, nextFolded) is null)
                        {
                            value = nextClean;
                            i = next;
                        }
                    }
                }
                fields[label.Field] = (label.Code, value);
                lastField = label.Field;
                current = null;
                continue;
            }

            if (repeated)
            {
                continue;
            }
            if (current is { } section)
            {
                sections[section].Add(section == CardSection.Documents ? lines[i] : CardText.CleanTextLine(lines[i]));
            }
            else if (lastField is { } after)
            {
                if (run is null)
                {
                    stray.Add(run = new StrayText(after, i + 1, clean));
                }
                run.Last = i + 1;
            }
            else
            {
                preamble.Add(clean);
            }
        }

        if (recognised < 3 || (!fields.ContainsKey(CardField.Title) && fields.Count + sections.Count < 5))
        {
            return new CardParseResult(false, "No session card template (French, English or Spanish) was recognised: a card has labelled lines such as \"Titre de la session 3.2.2 :\", \"Date :\", \"Heure :\".", content, problems);
        }

        content.SourceLanguage = titleLanguage
            ?? languageVotes.OrderByDescending(v => v.Value).ThenBy(v => v.Key == "fr" ? 0 : v.Key == "en" ? 1 : 2).First().Key;

        foreach (var lost in stray)
        {
            problems.Add(lost.After.Key(), (lost.First == lost.Last ? $"Line {lost.First} (\"{Shorten(lost.Text)}\")" : $"Lines {lost.First} to {lost.Last} (from \"{Shorten(lost.Text)}\")")
                + $" belongs to no field: a value is on its label's line, and a text follows its heading (e.g. \"{CardTemplates.SummaryHeading(content.SourceLanguage)}\").");
        }
        ReadFormat(preamble, content, problems);
        ReadTitle(fields, content, problems);
        content.ThematicLine = ReadProgrammeEntry(fields, CardField.ThematicLine, "thematicLine", "thematic line", problems);
        content.SubTheme = ReadProgrammeEntry(fields, CardField.SubTheme, "subTheme", "sub-theme", problems);
        if (ProgrammeCodes.SubThemeProblem(content.ThematicLine?.Code, content.SubTheme?.Code) is { } outside)
        {
            problems.Add("subTheme", outside);
        }
        ReadOrganisers(fields, content, problems);
        ReadSchedule(fields, content, problems);
        content.Platform = fields.TryGetValue(CardField.Platform, out var platform) && platform.Value.Length > 0 ? Limit(platform.Value, 200, "platform", problems) : null;
        ReadCapacity(fields, content, problems);
        ReadRegistration(fields, content, problems);
        ReadLanguages(fields, content, problems);
        ReadTexts(sections, content);
        ReadDocuments(sections, content, problems);
        WordCount.Check(content.Texts, problems);
        return new CardParseResult(true, null, content, problems);
    }

    // Unicode NFC: a card saved decomposed (NFD, as some editors and macOS file names do: "e" + U+0301
    // for "é") holds the same text as the composed one; labels are recognised and values stored composed.
    private static bool TryNormalise(ref string text)
    {
        try
        {
            text = text.Normalize(NormalizationForm.FormC);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void Vote(Dictionary<string, int> votes, IReadOnlyList<string> languages)
    {
        foreach (var language in languages)
        {
            votes[language] = votes.GetValueOrDefault(language) + 1;
        }
    }

    /// <summary>A run of lines after a field's line that belong to no field (blank lines do not end it; a label or heading does).</summary>
    private sealed record StrayText(CardField After, int First, string Text)
    {
        public int Last { get; set; } = First;
    }

    private sealed record FieldMatch(CardField Field, IReadOnlyList<string> Languages, string? Code, string Value);

    private sealed record SectionMatch(CardSection Section, IReadOnlyList<string> Languages, string? Rest);

    private static FieldMatch? MatchField(string clean, string folded)
    {
        foreach (var (label, _, field) in FieldLabels)
        {
            if (!StartsWithWord(folded, label))
            {
                continue;
            }
            var m = LabelTail().Match(clean, label.Length);
            if (!m.Success)
            {
                continue;
            }
            var languages = FieldLabels.Where(f => f.Folded == label).Select(f => f.Language).ToArray();
            var code = m.Groups["code"].Success ? m.Groups["code"].Value.TrimEnd('.', '．') : null;
            return new FieldMatch(field, languages, code, m.Groups["value"].Value.Trim());
        }
        return null;
    }

    private static SectionMatch? MatchSection(string clean, string folded)
    {
        foreach (var (label, _, section) in SectionLabels)
        {
            if (!StartsWithWord(folded, label))
            {
                continue;
            }
            var m = HeadingTail().Match(clean, label.Length);
            if (!m.Success)
            {
                continue;
            }
            var languages = SectionLabels.Where(s => s.Folded == label).Select(s => s.Language).ToArray();
            return new SectionMatch(section, languages, m.Groups["rest"].Success ? m.Groups["rest"].Value.Trim() : null);
        }
        return null;
    }

    private static bool StartsWithWord(string folded, string label) =>
        folded.StartsWith(label, StringComparison.Ordinal) && (folded.Length == label.Length || !char.IsLetter(folded[label.Length]));

    private static void ReadFormat(List<string> preamble, SessionContent content, Problems problems)
    {
        foreach (var line in preamble)
        {
            if (SessionFormats.FromCard(line) is { } format)
            {
                content.Format = format;
                return;
            }
        }
        problems.Add("format", preamble.Count == 0
            ? "The card's first line must name the session format (Atelier/Workshop/Taller, Panel, Plénière/Plenary/Plenaria, ...)."
            : $"Unknown session format '{Shorten(preamble[0])}' on the card's first line (Atelier/Workshop/Taller, Panel, Plénière/Plenary/Plenaria, ...).");
    }

    private static void ReadTitle(Dictionary<CardField, (string? Code, string Value)> fields, SessionContent content, Problems problems)
    {
        if (!fields.TryGetValue(CardField.Title, out var title))
        {
            problems.Add("title", "The session title is missing (\"Titre de la session 3.2.2 : ...\").");
            problems.Add("code", "The session code is missing: write it in the title label (\"Session title 1.1 : ...\").");
            return;
        }
        if (title.Code is null)
        {
            problems.Add("code", "The session code is missing: write it in the title label (\"Session title 1.1 : ...\").");
        }
        else if (title.Code.Length > ProgrammeCodes.MaxLength)
        {
            problems.Add("code", $"The session code has at most {ProgrammeCodes.MaxLength} characters.");
        }
        else if (!ProgrammeCodes.IsValid(title.Code))
        {
            problems.Add("code", ProgrammeCodes.Problem("session", title.Code));
        }
        else
        {
            content.Code = title.Code;
        }
        if (title.Value.Length == 0)
        {
            problems.Add("title", "The session title is missing.");
        }
        else
        {
            content.Texts[TextFields.Title] = Limit(title.Value, 500, "title", problems);
        }
    }

    private static ProgrammeEntry? ReadProgrammeEntry(Dictionary<CardField, (string? Code, string Value)> fields, CardField field, string name, string what, Problems problems)
    {
        if (!fields.TryGetValue(field, out var entry))
        {
            return null;
        }
        if (entry.Code is null)
        {
            problems.Add(name, $"The {what} code is missing: write it after the label (\"... 3 : title\").");
            return null;
        }
        if (entry.Code.Length > ProgrammeCodes.MaxLength)
        {
            problems.Add(name, $"The {what} code has at most {ProgrammeCodes.MaxLength} characters.");
            return null;
        }
        if (!ProgrammeCodes.IsValid(entry.Code))
        {
            problems.Add(name, ProgrammeCodes.Problem(what, entry.Code));
            return null;
        }
        return new ProgrammeEntry(entry.Code, entry.Value.Length == 0 ? null : Limit(entry.Value, 500, name, problems));
    }

    private static void ReadOrganisers(Dictionary<CardField, (string? Code, string Value)> fields, SessionContent content, Problems problems)
    {
        var value = fields.TryGetValue(CardField.Organisers, out var o) ? o.Value : "";
        var names = ListSeparators().Split(value).Select(n => n.Trim().Trim('.')).Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (names.Count == 0)
        {
            problems.Add("organisers", "The organisers are missing (\"Organisateurs : OIT, ADEC\").");
        }
        else if (names.Count > 20 || names.Any(n => n.Length > 100))
        {
            problems.Add("organisers", "At most 20 organisers of at most 100 characters each.");
        }
        else
        {
            content.Organisers = names;
        }
    }

    private static void ReadSchedule(Dictionary<CardField, (string? Code, string Value)> fields, SessionContent content, Problems problems)
    {
        DateOnly? date = null;
        if (!fields.TryGetValue(CardField.Date, out var d) || d.Value.Length == 0)
        {
            problems.Add("date", "The date is missing (day/month/year, e.g. 01/06/2021, or 2021-06-01).");
        }
        else if (CardText.HasNonAsciiDigit(d.Value))
        {
            problems.Add("date", $"'{Shorten(d.Value)}' holds digits other than 0-9: write the date in digits 0-9, day/month/year (01/06/2021) or ISO 8601 (2021-06-01).");
        }
        else if (ParseDate(d.Value) is { } parsed)
        {
            date = parsed;
        }
        else
        {
            problems.Add("date", $"'{Shorten(d.Value)}' is not a date: write day/month/year (01/06/2021) or ISO 8601 (2021-06-01).");
        }

        if (!fields.TryGetValue(CardField.Time, out var t) || t.Value.Length == 0)
        {
            problems.Add("time", "The time is missing (e.g. 14:05 - 15:35 (UTC-3)).");
            return;
        }
        if (CardText.HasNonAsciiDigit(t.Value))
        {
            problems.Add("time", $"'{Shorten(t.Value)}' holds digits other than 0-9: write the times in digits 0-9, e.g. 14:05 - 15:35 (UTC-3).");
            return;
        }
        var ranges = TimeRange().Matches(t.Value);
        if (ranges.Count == 0)
        {
            problems.Add("time", $"'{Shorten(t.Value)}' holds no time range: write e.g. 14:05 - 15:35 (UTC-3) / 19:05 - 20:35 (UTC+2).");
            return;
        }

        var instants = new List<(string Text, DateTimeOffset Start, DateTimeOffset End)>();
        var offsets = new List<int>();
        foreach (Match range in ranges)
        {
            var text = range.Value.Trim();
            var h1 = CardText.ParseInt(range.Groups["h1"].Value);
            var m1 = range.Groups["m1"].Success ? CardText.ParseInt(range.Groups["m1"].Value) : 0;
            var h2 = CardText.ParseInt(range.Groups["h2"].Value);
            var m2 = range.Groups["m2"].Success ? CardText.ParseInt(range.Groups["m2"].Value) : 0;
            if (h1 > 23 || h2 > 24 || m1 > 59 || m2 > 59 || (h2 == 24 && m2 != 0))
            {
                problems.Add("time", $"'{text}' is not a valid time range.");
                continue;
            }
            if (!range.Groups["utc"].Success)
            {
                problems.Add("time", $"'{text}' needs its UTC offset, e.g. (UTC-3).");
                continue;
            }
            var offset = 0;
            if (range.Groups["oh"].Success)
            {
                var hours = CardText.ParseInt(range.Groups["oh"].Value);
                var minutes = range.Groups["om"].Success ? CardText.ParseInt(range.Groups["om"].Value) : 0;
                offset = hours * 60 + minutes;
                if (range.Groups["sign"].Value is not "+")
                {
                    offset = -offset;
                }
                if (hours > 14 || minutes > 59)
                {
                    problems.Add("time", $"'{text}' has an impossible UTC offset.");
                    continue;
                }
            }
            offsets.Add(offset);
            if (date is not { } day)
            {
                continue;
            }
            var span = TimeSpan.FromMinutes(offset);
            var start = new DateTimeOffset(day.ToDateTime(new TimeOnly(h1, m1)), span).ToUniversalTime();
            var end = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue).AddHours(h2).AddMinutes(m2), span).ToUniversalTime();
            if (end <= start)
            {
                problems.Add("time", $"'{text}' ends before it starts.");
                continue;
            }
            instants.Add((text, start, end));
        }
        if (problems.Has("time") || problems.Has("date") || instants.Count == 0)
        {
            return;
        }

        var (firstText, firstStart, firstEnd) = instants[0];
        foreach (var (text, start, end) in instants.Skip(1))
        {
            var shift = start - firstStart;
            var sameInstants = end - start == firstEnd - firstStart && Math.Abs(shift.TotalHours) is 0 or 24;
            if (!sameInstants)
            {
                problems.Add("time", $"The time ranges do not denote the same instants: '{firstText}' is {firstStart:HH:mm}-{firstEnd:HH:mm} UTC but '{text}' is {start:HH:mm}-{end:HH:mm} UTC.");
            }
        }
        if (!problems.Has("time"))
        {
            content.StartsAt = firstStart;
            content.EndsAt = firstEnd;
            content.ReferenceOffsets = offsets;
        }
    }

    internal static DateOnly? ParseDate(string value)
    {
        var v = CardText.CollapseSpaces(value);
        var dmy = DayMonthYear().Match(v);
        if (dmy.Success)
        {
            var year = CardText.ParseInt(dmy.Groups["y"].Value);
            year = year < 100 ? 2000 + year : year;
            return TryDate(year, CardText.ParseInt(dmy.Groups["m"].Value), CardText.ParseInt(dmy.Groups["d"].Value));
        }
        var iso = IsoDate().Match(v);
        return iso.Success
            ? TryDate(CardText.ParseInt(iso.Groups["y"].Value), CardText.ParseInt(iso.Groups["m"].Value), CardText.ParseInt(iso.Groups["d"].Value))
            : null;
    }

    private static DateOnly? TryDate(int year, int month, int day) =>
        year is >= 1900 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;

    private static void ReadCapacity(Dictionary<CardField, (string? Code, string Value)> fields, SessionContent content, Problems problems)
    {
        if (!fields.TryGetValue(CardField.Capacity, out var c) || c.Value.Length == 0)
        {
            problems.Add("capacity", "The session capacity (seats) is missing.");
            return;
        }
        var m = Capacity().Match(c.Value);
        if (m.Success && int.TryParse(m.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seats) && SessionCapacity.IsValid(seats))
        {
            content.Capacity = seats;
            return;
        }
        problems.Add("capacity", $"'{Shorten(c.Value)}' is not a capacity: write {SessionCapacity.Rule}{(CardText.HasNonAsciiDigit(c.Value) ? ", in digits 0-9" : "")}.");
    }

    private static void ReadRegistration(Dictionary<CardField, (string? Code, string Value)> fields, SessionContent content, Problems problems)
    {
        if (!fields.TryGetValue(CardField.RegistrationRequired, out var r) || r.Value.Length == 0)
        {
            content.RegistrationRequired = true;
            return;
        }
        var answer = CardText.Fold(CardText.CollapseSpaces(r.Value)).Trim('.', ' ', '!');
        if (CardTemplates.Yes.Contains(answer))
        {
            content.RegistrationRequired = true;
        }
        else if (CardTemplates.No.Contains(answer))
        {
            content.RegistrationRequired = false;
        }
        else
        {
            problems.Add("registrationRequired", $"'{Shorten(r.Value)}' is not yes or no (Oui/Non, Yes/No, Sí/No).");
        }
    }

    private static void ReadLanguages(Dictionary<CardField, (string? Code, string Value)> fields, SessionContent content, Problems problems)
    {
        var value = fields.TryGetValue(CardField.Languages, out var l) ? l.Value : "";
        var tokens = LanguageSeparators().Split(value).Where(t => t.Length > 0).ToList();
        if (tokens.Count == 0)
        {
            problems.Add("languages", "The session languages are missing (e.g. EN/FR/ES).");
            return;
        }
        var languages = new List<string>();
        foreach (var token in tokens)
        {
            if (LanguageCodes.Normalise(token) is { } code)
            {
                if (!languages.Contains(code))
                {
                    languages.Add(code);
                }
            }
            else
            {
                problems.Add("languages", $"Unknown language '{Shorten(token)}' (the forum's languages are en, fr and es).");
            }
        }
        if (!problems.Has("languages") && SessionRules.LanguagesWithoutSource(languages, content.SourceLanguage) is { } withoutSource)
        {
            problems.Add("languages", withoutSource);
        }
        content.Languages = languages;
    }

    private static void ReadTexts(Dictionary<CardSection, List<string>> sections, SessionContent content)
    {
        (CardSection Section, string Field)[] texts =
        [
            (CardSection.Summary, TextFields.Summary),
            (CardSection.Conceptualisation, TextFields.Conceptualisation),
            (CardSection.Objectives, TextFields.Objectives),
            (CardSection.DiscussionPoints, TextFields.DiscussionPoints),
        ];
        foreach (var (section, field) in texts)
        {
            content.Texts[field] = sections.TryGetValue(section, out var lines) ? CardText.JoinParagraphs(lines) : "";
        }
    }

    private static void ReadDocuments(Dictionary<CardSection, List<string>> sections, SessionContent content, Problems problems)
    {
        if (!sections.TryGetValue(CardSection.Documents, out var lines))
        {
            return;
        }
        foreach (var raw in lines)
        {
            var line = CardText.CollapseSpaces(raw);
            line = Bullet().Replace(line, "").Replace("**", "", StringComparison.Ordinal).Replace("*", "", StringComparison.Ordinal).Trim();
            if (line.Length == 0)
            {
                continue;
            }
            string? url = null;
            var links = CardText.Link().Matches(line);
            if (links.Count > 0)
            {
                url = CardText.WebAddress(links[0].Groups["url"].Value);
                line = CardText.Link().Replace(line, m => m.Groups["text"].Value);
            }
            else if (BareAddress().Match(line) is { Success: true } bare)
            {
                url = CardText.WebAddress(bare.Value);
                line = line.Remove(bare.Index, bare.Length).Trim().TrimEnd(':', '-', ',').Trim();
                if (line.Length == 0)
                {
                    line = bare.Value;
                }
            }
            line = CardText.CollapseSpaces(line);
            if (line.Length > 0)
            {
                content.Documents.Add(new SessionDocument(Limit(line, 500, "documents", problems), url));
            }
        }
        if (content.Documents.Count > 50)
        {
            problems.Add("documents", "At most 50 documents.");
        }
    }

    private static string Limit(string value, int max, string field, Problems problems)
    {
        if (value.Length > max)
        {
            problems.Add(field, $"At most {max} characters.");
        }
        return value;
    }

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..60] + "…";

    // After a label: an optional code, optional notes in parentheses, then the first colon. The code is
    // taken broadly (any digit first, then digits or letters, dots also fullwidth) so that a code breaking
    // the rule ("３.２.２", "3.2.b") is still seen as the code and refused by name (ProgrammeCodes).
    [GeneratedRegex(@"\G\s*(?<code>\p{Nd}[\p{Nd}\p{L}]*(?:[.．][\p{Nd}\p{L}]+)*[.．]?)?\s*(?:\([^)]*\)\s*)?[:：]\s*(?<value>.*)$")]
    private static partial Regex LabelTail();

    // After a section heading: only notes in parentheses ("(max. 250 mots)"), then optionally ": text".
    [GeneratedRegex(@"\G\s*(?:\([^)]*\)\s*)*(?::\s*(?<rest>.*))?$")]
    private static partial Regex HeadingTail();

    [GeneratedRegex(@"(?<h1>[0-9]{1,2})(?:\s*[:hH.]\s*(?<m1>[0-9]{2})|\s*[hH])?\s*(?:-|–|—|−|à|a|to|until|till|al|hasta)\s*(?<h2>[0-9]{1,2})(?:\s*[:hH.]\s*(?<m2>[0-9]{2})|\s*[hH])?(?:\s*\(?\s*(?<utc>UTC|GMT|TU)\s*(?:(?<sign>[+\-−–])\s*(?<oh>[0-9]{1,2})(?:\s*[:hH.]?\s*(?<om>[0-9]{2}))?)?\s*\)?)?", RegexOptions.IgnoreCase)]
    private static partial Regex TimeRange();

    [GeneratedRegex(@"^(?:[\p{L}]+\.?,?\s+)?(?<d>[0-9]{1,2})\s*[/.\-]\s*(?<m>[0-9]{1,2})\s*[/.\-]\s*(?<y>[0-9]{4}|[0-9]{2})$")]
    private static partial Regex DayMonthYear();

    [GeneratedRegex(@"^(?<y>[0-9]{4})-(?<m>[0-9]{2})-(?<d>[0-9]{2})$")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"^(?<n>[0-9]+)(?:\s+[\p{L}\s]{1,40})?$")]
    private static partial Regex Capacity();

    [GeneratedRegex(@"\s*(?:,|;|/|&|\|)\s*|\s+(?:et|and|y|e)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex ListSeparators();

    [GeneratedRegex(@"[\s,;/|+&\-]+|\b(?:et|and|y)\b", RegexOptions.IgnoreCase)]
    private static partial Regex LanguageSeparators();

    [GeneratedRegex(@"^(?:[-+•·]|\d{1,2}[.)])\s*")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"https?://\S+", RegexOptions.IgnoreCase)]
    private static partial Regex BareAddress();
}
