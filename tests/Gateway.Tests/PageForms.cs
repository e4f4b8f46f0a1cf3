using System.Net;
using System.Text.RegularExpressions;

namespace Conference.Gateway.Tests;

/// <summary>A page's form as a browser posts it back: its hidden fields (the form name in <c>_handler</c>, the antiforgery token).</summary>
internal static partial class PageForms
{
    /// <summary>The hidden fields of the form named <paramref name="handler"/> in <paramref name="html"/>.</summary>
    public static Dictionary<string, string> Hidden(string html, string handler)
    {
        var start = html.IndexOf($"value=\"{handler}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no form {handler}");
        var formStart = html.LastIndexOf("<form", start, StringComparison.Ordinal);
        var formEnd = html.IndexOf("</form>", start, StringComparison.Ordinal);
        var form = html[formStart..formEnd];
        return HiddenInput().Matches(form).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();
}
