namespace Conference.Catalog.Tests.Import;

/// <summary>The sample cards: the forum's real French card and English/Spanish cards written for the tests.</summary>
internal static class Cards
{
    public static string RealFrench => Read("session-card-3.2.2-fr.txt");
    public static string English => Read("session-card-1.1-en.md");
    public static string Spanish => Read("session-card-2.1-es.txt");

    private static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", name));
}
