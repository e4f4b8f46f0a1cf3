namespace Conference.EndToEnd.Tests;

/// <summary>
/// The JSON-lines telemetry files the services write when the AppHost is given
/// <c>Telemetry:ExportDirectory</c> (one object a line: <c>signal</c> "span", "log" or "metric",
/// <c>service</c>, then the signal's fields; see ServiceDefaults' Telemetry folder).
/// </summary>
public sealed class CapturedTelemetry(string directory)
{
    /// <summary>Where the services write.</summary>
    public string Directory { get; } = directory;

    /// <summary>Every line written so far, raw (the files are read while the services append).</summary>
    public IReadOnlyList<string> Lines()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }
        var lines = new List<string>();
        foreach (var file in System.IO.Directory.GetFiles(Directory, "*.jsonl"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                // A line being written may be cut short; it is complete on the next read.
                if (line.EndsWith('}'))
                {
                    lines.Add(line);
                }
            }
        }
        return lines;
    }

    /// <summary>Every span so far.</summary>
    public IReadOnlyList<JsonElement> Spans() => Of("span");

    /// <summary>Every log record so far.</summary>
    public IReadOnlyList<JsonElement> Logs() => Of("log");

    /// <summary>Every metric point so far.</summary>
    public IReadOnlyList<JsonElement> Metrics() => Of("metric");

    private List<JsonElement> Of(string signal)
    {
        var marker = $"\"signal\":\"{signal}\"";
        return [.. Lines().Where(l => l.Contains(marker, StringComparison.Ordinal)).Select(l => JsonDocument.Parse(l).RootElement)];
    }

    public void Delete()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A service still holds a file open; the temp folder is cleaned another day.
        }
    }
}
