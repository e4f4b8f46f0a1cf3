using System.Text.Json;
using System.Text.Json.Nodes;
using Conference.Catalog.Import;
using Conference.Contracts;

namespace Conference.Catalog.Sessions;

/// <summary>
/// A session JSON body (create or PATCH) read field by field, so every problem is reported at once
/// and nothing malformed reaches the model. Texts are maps language → text, or a plain string meaning
/// the source language. Codes (<c>code</c>, <c>thematicLine.code</c>, <c>subTheme.code</c>) follow
/// <see cref="ProgrammeCodes"/>: numbers without leading zeros (ASCII digits) separated by dots; <c>capacity</c> follows
/// <see cref="Conference.Contracts.SessionCapacity"/>: 1 to 1 000 000 seats.
/// </summary>
internal sealed class SessionJsonBody
{
    /// <summary>Source language of plain-string texts, before it is known.</summary>
    public const string SourceKey = "";

    public HashSet<string> Present { get; } = new(StringComparer.Ordinal);
    public SessionContent Values { get; } = new();

    /// <summary>Text field → language (or <see cref="SourceKey"/>) → text.</summary>
    public Dictionary<string, Dictionary<string, string>> Texts { get; } = new(StringComparer.Ordinal);

    public bool Has(string field) => Present.Contains(field);
}

internal static class SessionJson
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "code", "format", "sourceLanguage", "languages", "thematicLine", "subTheme", "organisers", "startsAt", "endsAt",
        "referenceTimeZones", "platform", "capacity", "registrationRequired", "documents", "joinUrl",
        TextFields.Title, TextFields.Summary, TextFields.Conceptualisation, TextFields.Objectives, TextFields.DiscussionPoints,
    };

    /// <summary>Fields the API returns but a client does not set.</summary>
    private static readonly HashSet<string> ReadOnly = new(StringComparer.Ordinal)
    {
        "id", "status", "translations", "scheduleVersion", "updatedAt",
    };

    public static SessionJsonBody Read(JsonObject body, Problems problems)
    {
        var result = new SessionJsonBody();
        var v = result.Values;
        foreach (var (name, node) in body)
        {
            if (ReadOnly.Contains(name))
            {
                continue;
            }
            if (!Known.Contains(name))
            {
                problems.Add(name, $"Unknown field '{name}'.");
                continue;
            }
            result.Present.Add(name);
            switch (name)
            {
                case "code":
                    v.Code = Text(node, name, ProgrammeCodes.MaxLength, problems, required: true);
                    if (v.Code is not null && !ProgrammeCodes.IsValid(v.Code))
                    {
                        problems.Add(name, ProgrammeCodes.Problem("session", v.Code));
                    }
                    break;
                case "format":
                    var format = Text(node, name, 40, problems, required: true);
                    if (format is not null)
                    {
                        v.Format = SessionFormats.Known.Contains(format) ? format : SessionFormats.FromCard(format);
                        if (v.Format is null)
                        {
                            problems.Add(name, $"Unknown format '{format}' (one of {string.Join(", ", SessionFormats.Known.Order())}).");
                        }
                    }
                    break;
                case "sourceLanguage":
                    var source = Text(node, name, 40, problems, required: true);
                    if (source is not null)
                    {
                        v.SourceLanguage = LanguageCodes.Normalise(source);
                        if (v.SourceLanguage is null)
                        {
                            problems.Add(name, $"Unknown language '{source}' (en, fr or es).");
                        }
                    }
                    break;
                case "languages":
                    v.Languages = Languages(node, problems);
                    break;
                case "thematicLine":
                    v.ThematicLine = Programme(node, name, "thematic line", problems);
                    break;
                case "subTheme":
                    v.SubTheme = Programme(node, name, "sub-theme", problems);
                    break;
                case "organisers":
                    v.Organisers = Strings(node, name, 20, 100, problems);
                    if (v.Organisers.Count == 0 && !problems.Has(name))
                    {
                        problems.Add(name, "At least one organiser.");
                    }
                    break;
                case "startsAt":
                    v.StartsAt = Instant(node, name, problems);
                    break;
                case "endsAt":
                    v.EndsAt = Instant(node, name, problems);
                    break;
                case "referenceTimeZones":
                    v.ReferenceOffsets = Offsets(node, problems);
                    break;
                case "platform":
                    v.Platform = Text(node, name, 200, problems, required: false);
                    break;
                case "capacity":
                    if (node is JsonValue cap && cap.TryGetValue<JsonElement>(out var el) && el.ValueKind == JsonValueKind.Number && el.TryGetInt32(out var seats) && SessionCapacity.IsValid(seats))
                    {
                        v.Capacity = seats;
                    }
                    else
                    {
                        problems.Add(name, $"Capacity is {SessionCapacity.Rule}.");
                    }
                    break;
                case "registrationRequired":
                    if (node is JsonValue b && b.TryGetValue<JsonElement>(out var be) && be.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    {
                        v.RegistrationRequired = be.GetBoolean();
                    }
                    else
                    {
                        problems.Add(name, "true or false.");
                    }
                    break;
                case "documents":
                    v.Documents = Documents(node, problems);
                    break;
                case "joinUrl":
                    if (node is null)
                    {
                        v.JoinUrl = null;
                    }
                    else if (Text(node, name, 2000, problems, required: false) is { } url)
                    {
                        v.JoinUrl = CardText.WebAddress(url);
                        if (v.JoinUrl is null)
                        {
                            problems.Add(name, "An absolute http(s) address.");
                        }
                    }
                    break;
                default:
                    result.Texts[name] = TextMap(node, name, problems);
                    break;
            }
        }

        if (v.StartsAt is { } start && v.EndsAt is { } end && end <= start)
        {
            problems.Add("endsAt", "endsAt must be after startsAt.");
        }
        foreach (var (field, byLanguage) in result.Texts)
        {
            if (WordCount.Limits.TryGetValue(field, out var limit))
            {
                foreach (var (language, text) in byLanguage)
                {
                    var words = WordCount.Count(text);
                    if (words > limit)
                    {
                        problems.Add(field, $"{words} words{(language.Length > 0 ? $" in '{language}'" : "")}; the limit is {limit} words.");
                    }
                }
            }
        }
        return result;
    }

    private static string? Text(JsonNode? node, string name, int max, Problems problems, bool required)
    {
        if (node is null)
        {
            if (required)
            {
                problems.Add(name, "Required.");
            }
            return null;
        }
        if (node is JsonValue value && value.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.String)
        {
            var s = e.GetString()!.Trim();
            if (s.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
            {
                problems.Add(name, "Control characters are not allowed.");
                return null;
            }
            if (PlainText.HasBidiControl(s))
            {
                problems.Add(name, PlainText.BidiControlMessage);
                return null;
            }
            if (PlainText.ToNfc(s) is not { } nfc)
            {
                problems.Add(name, PlainText.InvalidUnicodeMessage);
                return null;
            }
            s = nfc;
            if (PlainText.Length(s) > max)
            {
                problems.Add(name, $"At most {max} characters.");
                return null;
            }
            if (s.Length == 0 && required)
            {
                problems.Add(name, "Required.");
                return null;
            }
            return s.Length == 0 ? null : s;
        }
        problems.Add(name, "A string.");
        return null;
    }

    private static List<string> Strings(JsonNode? node, string name, int maxCount, int maxLength, Problems problems)
    {
        if (node is not JsonArray array)
        {
            problems.Add(name, "An array of strings.");
            return [];
        }
        if (array.Count > maxCount)
        {
            problems.Add(name, $"At most {maxCount} entries.");
            return [];
        }
        var list = new List<string>();
        foreach (var item in array)
        {
            if (Text(item, name, maxLength, problems, required: true) is { } s && !list.Contains(s, StringComparer.OrdinalIgnoreCase))
            {
                list.Add(s);
            }
        }
        return list;
    }

    private static List<string> Languages(JsonNode? node, Problems problems)
    {
        var list = new List<string>();
        foreach (var s in Strings(node, "languages", 10, 40, problems))
        {
            if (LanguageCodes.Normalise(s) is { } code)
            {
                if (!list.Contains(code))
                {
                    list.Add(code);
                }
            }
            else
            {
                problems.Add("languages", $"Unknown language '{s}' (en, fr or es).");
            }
        }
        if (list.Count == 0 && !problems.Has("languages"))
        {
            problems.Add("languages", "At least one language.");
        }
        return list;
    }

    // { "code", "title" }: the code follows the forum's code rule (ProgrammeCodes), the title is a text or a map language → text.
    private static ProgrammeEntry? Programme(JsonNode? node, string name, string what, Problems problems)
    {
        if (node is null)
        {
            return null;
        }
        if (node is not JsonObject o)
        {
            problems.Add(name, "An object { \"code\", \"title\" }.");
            return null;
        }
        var code = Text(o["code"], name, ProgrammeCodes.MaxLength, problems, required: true);
        if (code is not null && !ProgrammeCodes.IsValid(code))
        {
            problems.Add(name, ProgrammeCodes.Problem(what, code));
            code = null;
        }
        string? title = null;
        if (o["title"] is JsonObject map)
        {
            title = map.Select(kv => Text(kv.Value, name, 500, problems, required: false)).FirstOrDefault(t => t is not null);
        }
        else if (o["title"] is not null)
        {
            title = Text(o["title"], name, 500, problems, required: false);
        }
        return code is null ? null : new ProgrammeEntry(code, title);
    }

    private static DateTimeOffset? Instant(JsonNode? node, string name, Problems problems)
    {
        if (node is JsonValue value && value.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.String
            && e.TryGetDateTimeOffset(out var instant) && e.GetString()!.Length >= 20)
        {
            if (instant.Year is < 2000 or > 2200)
            {
                problems.Add(name, "An instant between the years 2000 and 2200.");
                return null;
            }
            return instant.ToUniversalTime();
        }
        problems.Add(name, "An ISO 8601 instant with its offset, e.g. 2021-06-01T17:05:00Z.");
        return null;
    }

    private static List<int> Offsets(JsonNode? node, Problems problems)
    {
        var offsets = new List<int>();
        foreach (var s in Strings(node, "referenceTimeZones", 10, 20, problems))
        {
            var m = System.Text.RegularExpressions.Regex.Match(s, @"^(?:UTC|GMT)?\s*(?<sign>[+-])(?<h>[0-9]{1,2})(?::?(?<m>[0-9]{2}))?$");
            if (m.Success && CardText.ParseInt(m.Groups["h"].Value) <= 14)
            {
                var minutes = CardText.ParseInt(m.Groups["h"].Value) * 60 + (m.Groups["m"].Success ? CardText.ParseInt(m.Groups["m"].Value) : 0);
                offsets.Add(m.Groups["sign"].Value == "-" ? -minutes : minutes);
            }
            else if (s is "UTC" or "GMT" or "Z")
            {
                offsets.Add(0);
            }
            else
            {
                problems.Add("referenceTimeZones", $"'{s}' is not a UTC offset like UTC-03:00.");
            }
        }
        return offsets;
    }

    private static Dictionary<string, string> TextMap(JsonNode? node, string name, Problems problems)
    {
        var max = name == TextFields.Title ? 500 : 20_000;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonValue)
        {
            if (Text(node, name, max, problems, required: false) is var s)
            {
                map[SessionJsonBody.SourceKey] = s ?? "";
            }
            return map;
        }
        if (node is not JsonObject o)
        {
            problems.Add(name, "A map language → text, e.g. { \"fr\": \"...\" }.");
            return map;
        }
        foreach (var (language, text) in o)
        {
            var code = LanguageCodes.Normalise(language);
            if (code is null)
            {
                problems.Add(name, $"Unknown language '{language}' (en, fr or es).");
                continue;
            }
            map[code] = Text(text, name, max, problems, required: false) ?? "";
        }
        return map;
    }

    private static List<SessionDocument> Documents(JsonNode? node, Problems problems)
    {
        var list = new List<SessionDocument>();
        if (node is not JsonArray array || array.Count > 50)
        {
            problems.Add("documents", "An array of at most 50 { \"title\", \"url\" } objects.");
            return list;
        }
        foreach (var item in array)
        {
            if (item is not JsonObject o)
            {
                problems.Add("documents", "Each document is { \"title\", \"url\" }.");
                continue;
            }
            var title = Text(o["title"], "documents", 500, problems, required: true);
            string? url = null;
            if (o["url"] is { } u)
            {
                var raw = Text(u, "documents", 2000, problems, required: false);
                url = CardText.WebAddress(raw);
                if (raw is not null && raw != "#" && url is null)
                {
                    problems.Add("documents", $"'{raw}' is not an absolute http(s) address.");
                }
            }
            if (title is not null)
            {
                list.Add(new SessionDocument(title, url));
            }
        }
        return list;
    }
}
