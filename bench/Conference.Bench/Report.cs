using System.Globalization;
using System.Text;

namespace Conference.Bench;

/// <summary>
/// What a run found, printed as it goes and written as Markdown to <c>bench/results/&lt;date&gt;.md</c>:
/// the machine, one table per scenario, the checks, and every command that produced a figure.
/// </summary>
internal sealed class Report(string title)
{
    private readonly StringBuilder _markdown = new();
    private readonly List<string> _commands = [];
    private readonly List<string> _summary = [];

    public void Heading(string text)
    {
        Console.WriteLine();
        Console.WriteLine($"== {text}");
        _markdown.AppendLine().AppendLine($"## {text}").AppendLine();
    }

    public void Line(string text)
    {
        Console.WriteLine(text);
        _markdown.AppendLine(text).AppendLine();
    }

    public void Table(string[] headers, IEnumerable<string[]> rows)
    {
        var all = rows.ToList();
        _markdown.AppendLine("| " + string.Join(" | ", headers) + " |");
        _markdown.AppendLine("|" + string.Concat(headers.Select(_ => "---|")));
        foreach (var row in all)
        {
            _markdown.AppendLine("| " + string.Join(" | ", row) + " |");
        }
        _markdown.AppendLine();
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToArray();
        Console.WriteLine(string.Join("  ", headers.Select((h, i) => h.PadRight(widths[i]))));
        foreach (var row in all)
        {
            Console.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))));
        }
    }

    /// <summary>A command that produced a figure (listed at the end, and printed now).</summary>
    public void Command(string command)
    {
        Console.WriteLine($"   $ {command}");
        if (!_commands.Contains(command))
        {
            _commands.Add(command);
        }
    }

    /// <summary>A headline figure for the README summary.</summary>
    public void Summary(string text)
    {
        _summary.Add(text);
        Console.WriteLine($"-> {text}");
    }

    public IReadOnlyList<string> Summaries => _summary;

    public string Write(string directory, string name, string machine)
    {
        var file = Path.Combine(directory, name + ".md");
        var text = new StringBuilder()
            .AppendLine($"# {title}").AppendLine()
            .AppendLine(machine).AppendLine()
            .AppendLine("## Summary").AppendLine()
            .AppendJoin(Environment.NewLine, _summary.Select(s => "- " + s)).AppendLine()
            .Append(_markdown)
            .AppendLine("## Commands").AppendLine()
            .AppendLine("```")
            .AppendJoin(Environment.NewLine, _commands).AppendLine()
            .AppendLine("```");
        File.WriteAllText(file, text.ToString());
        return file;
    }

    public static string N(double value, int decimals = 0) => value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
