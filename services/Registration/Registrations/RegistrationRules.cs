using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using Conference.Contracts;
using NodaTime;

namespace Conference.Registration.Registrations;

/// <summary>Field rules of a registration (public API contract: <c>POST /api/v1/sessions/{id}/registrations</c>).</summary>
internal static class RegistrationRules
{
    public const int MaxNameLength = 200;
    public const int MaxEmailLength = 254; // RFC 5321 path limit
    public const int MaxOrganisationLength = 200;
    public const int MaxCountryLength = 100;
    public const int MaxLocalPartLength = 64; // RFC 5321, 4.5.3.1.1

    // C0 and C1 controls (and DEL): they would reach emails, the organisers' CSV and iCalendar files.
    private static bool HasControl(string? text) => text is not null && text.Any(char.IsControl);

    // Bidirectional overrides and isolates would make a name show other than it is (PlainText).
    private static bool HasBidi(string? text) => text is not null && PlainText.HasBidiControl(text);

    // Code points, what the varchar columns count (PlainText.Length).
    private static int LengthOf(string? text) => text is null ? 0 : PlainText.Length(text.Trim());

    /// <summary>
    /// Checks a registration request against the session's languages; returns field → messages
    /// (empty when valid). Field names are the request's JSON names. With
    /// <paramref name="sessionLanguages"/> null only the language's presence is checked here: the
    /// caller leaves "one of the session's languages" to the statement that takes the seat
    /// (<see cref="Seats.SeatFastPath"/>) and validates again with the languages when it does not.
    /// </summary>
    public static Dictionary<string, string[]> Validate(RegisterRequest request, IReadOnlyCollection<string>? sessionLanguages)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors["name"] = ["Name is required."];
        }
        else if (LengthOf(name) > MaxNameLength)
        {
            errors["name"] = [$"Name must be at most {MaxNameLength} characters."];
        }
        else if (HasControl(name))
        {
            errors["name"] = ["Name may not hold control characters (line breaks, tabs, escapes)."];
        }
        else if (HasBidi(name))
        {
            errors["name"] = [$"Name: {PlainText.BidiControlMessage}"];
        }

        var email = request.Email?.Trim();
        if (string.IsNullOrEmpty(email))
        {
            errors["email"] = ["Email is required."];
        }
        else if (email.Length > MaxEmailLength || !EmailAddress.IsValid(email))
        {
            errors["email"] = ["Email is not a valid address."];
        }
        else if (email.IndexOf('@') > MaxLocalPartLength)
        {
            errors["email"] = [$"The part before @ may be at most {MaxLocalPartLength} characters (RFC 5321)."];
        }

        if (LengthOf(request.Organisation) > MaxOrganisationLength)
        {
            errors["organisation"] = [$"Organisation must be at most {MaxOrganisationLength} characters."];
        }
        else if (HasControl(request.Organisation))
        {
            errors["organisation"] = ["Organisation may not hold control characters."];
        }
        else if (HasBidi(request.Organisation))
        {
            errors["organisation"] = [$"Organisation: {PlainText.BidiControlMessage}"];
        }
        if (LengthOf(request.Country) > MaxCountryLength)
        {
            errors["country"] = [$"Country must be at most {MaxCountryLength} characters."];
        }
        else if (HasControl(request.Country))
        {
            errors["country"] = ["Country may not hold control characters."];
        }
        else if (HasBidi(request.Country))
        {
            errors["country"] = [$"Country: {PlainText.BidiControlMessage}"];
        }

        var language = request.Language?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(language))
        {
            errors["language"] = ["Language is required."];
        }
        else if (sessionLanguages is not null && !sessionLanguages.Contains(language))
        {
            errors["language"] = [$"Language must be one of the session's languages: {string.Join(", ", sessionLanguages)}."];
        }

        var zone = request.TimeZone?.Trim();
        if (string.IsNullOrEmpty(zone))
        {
            errors["timeZone"] = ["Time zone is required."];
        }
        else if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone) is null)
        {
            errors["timeZone"] = ["Time zone must be an IANA time zone name such as Europe/Madrid."];
        }
        return errors;
    }
}

/// <summary>Email rules: syntax, and the form used to compare addresses.</summary>
internal static class EmailAddress
{
    /// <summary>
    /// An address mail can be sent to and written into an iCalendar invitation: a single addr-spec
    /// (no display name, no quoted local part) whose local part is a dot-atom of letters, digits and
    /// <c>. ! # $ % &amp; ' * + - / = ? _ ~</c> (RFC 5322 atext without <c>` { | } ^</c>, which mailto URIs and
    /// many relays refuse), with no leading, trailing or doubled dot; and whose domain is a host name
    /// of at least two labels (letters, digits, hyphens; no label starting or ending with a hyphen;
    /// a top-level label that is not all digits) — no IP literal, no <c>localhost</c>. No invisible
    /// format characters (zero-width space and the like) anywhere, so two addresses that look the
    /// same cannot hold two registrations.
    /// </summary>
    public static bool IsValid(string trimmed)
    {
        if (trimmed.Any(c => char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
            || !MailAddress.TryCreate(trimmed, out var address) || address.Address != trimmed)
        {
            return false;
        }
        var at = trimmed.LastIndexOf('@');
        var local = trimmed[..at];
        var domain = trimmed[(at + 1)..];
        var localOk = local.Length > 0 && !local.StartsWith('.') && !local.EndsWith('.') && !local.Contains("..", StringComparison.Ordinal)
            && local.All(c => char.IsLetterOrDigit(c) || ".!#$%&'*+-/=?_~".Contains(c));
        var labels = domain.Split('.');
        var domainOk = labels.Length >= 2
            && labels.All(l => l.Length is > 0 and <= 63 && !l.StartsWith('-') && !l.EndsWith('-') && l.All(c => char.IsLetterOrDigit(c) || c == '-'))
            && !labels[^1].All(char.IsAsciiDigit);
        return localOk && domainOk;
    }

    /// <summary>
    /// The form compared for "one registration per attendee per session": trimmed, Unicode NFKC
    /// (so full-width and compatibility characters match their plain forms), lower-case invariant.
    /// </summary>
    public static string Normalise(string email) => email.Trim().Normalize(NormalizationForm.FormKC).ToLowerInvariant();
}

/// <summary>The attendee's manage token: 256 random bits, base64url, stored only as a SHA-256 hash.</summary>
internal static class ManageToken
{
    public static string Create() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Constant-time comparison of a presented token with the stored hash.</summary>
    public static bool Matches(string? presented, string storedHash) =>
        !string.IsNullOrEmpty(presented)
        && presented.Length <= 200
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(presented)), Encoding.ASCII.GetBytes(storedHash));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
