namespace Conference.Catalog.Partners;

/// <summary>
/// The forum's partners and the names organisers are written with on cards: <c>oit</c> (ILO in
/// English, OIT in French and Spanish, also BIT), <c>adec</c>, <c>famsi</c>. Organisers are kept
/// as written; ownership compares them through these aliases, so a card writing "ILO" is owned
/// by the partner whose token says "OIT". Unknown organisers compare case-insensitively.
/// </summary>
internal static class PartnerDirectory
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["oit"] = "oit", ["ilo"] = "oit", ["bit"] = "oit", ["oit-ilo"] = "oit", ["ilo-oit"] = "oit", ["ilo/oit"] = "oit",
        ["adec"] = "adec",
        ["famsi"] = "famsi",
    };

    /// <summary>The partner id an organiser name denotes ("ILO" → "oit"); the lower-cased name when unknown.</summary>
    public static string PartnerOf(string organiser)
    {
        var name = organiser.Trim();
        return Aliases.TryGetValue(name, out var id) ? id : name.ToLowerInvariant();
    }

    /// <summary>Whether the partner with organiser code <paramref name="caller"/> is among <paramref name="organisers"/>.</summary>
    public static bool Organises(string? caller, IEnumerable<string> organisers)
    {
        if (string.IsNullOrWhiteSpace(caller))
        {
            return false;
        }
        var partner = PartnerOf(caller);
        return organisers.Any(o => PartnerOf(o) == partner);
    }
}
