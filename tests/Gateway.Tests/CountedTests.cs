using System.Globalization;
using Conference.Gateway.Web.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Conference.Gateway.Tests;

/// <summary>Counted phrases on the pages take the singular by each language's rule (CLDR "one": fr 0 and 1; en, es 1).</summary>
public sealed class CountedTests
{
    private static readonly IStringLocalizer Texts =
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance).Create(typeof(Texts));

    [Theory]
    [InlineData("en", 1, "1 session")]
    [InlineData("en", 0, "0 sessions")]
    [InlineData("en", 2, "2 sessions")]
    [InlineData("es", 1, "1 sesión")]
    [InlineData("es", 0, "0 sesiones")]
    [InlineData("fr", 0, "0 session")]
    [InlineData("fr", 1, "1 session")]
    [InlineData("fr", 3, "3 sessions")]
    public void Sessions_found(string language, int count, string expected)
    {
        using var _ = new UiCulture(language);
        Assert.Equal(expected, Counted.Format(Texts, "SessionsFound", count, count));
    }

    [Theory]
    [InlineData("es", 1, "Queda 1 de 160 plazas")]
    [InlineData("es", 2, "Quedan 2 de 160 plazas")]
    [InlineData("fr", 1, "1 place restante sur 160")]
    [InlineData("fr", 12, "12 places restantes sur 160")]
    [InlineData("en", 1, "1 of 160 seats left")]
    public void Seats_left(string language, int remaining, string expected)
    {
        using var _ = new UiCulture(language);
        Assert.Equal(expected, Counted.Format(Texts, "SeatsLeft", remaining, remaining, 160));
    }

    private sealed class UiCulture : IDisposable
    {
        private readonly CultureInfo _culture = CultureInfo.CurrentCulture, _ui = CultureInfo.CurrentUICulture;

        public UiCulture(string name) => CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(name);

        public void Dispose() => (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (_culture, _ui);
    }
}
