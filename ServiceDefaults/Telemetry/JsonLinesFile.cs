using System.Text.Json;

namespace Conference.ServiceDefaults.Telemetry;

/// <summary>
/// One JSON-lines file per process (<c>{directory}/{service}-{pid}.jsonl</c>) that the telemetry file
/// exporters append to: one object per span, log record or metric point. Readers may open it while it
/// is written (shared read/write); each export batch is flushed when written.
/// </summary>
internal sealed class JsonLinesFile : IDisposable
{
    private readonly Lock _gate = new();
    private readonly FileStream _stream;

    public JsonLinesFile(string directory, string service)
    {
        Directory.CreateDirectory(directory);
        Path = System.IO.Path.Combine(directory, $"{service}-{Environment.ProcessId}.jsonl");
        _stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
    }

    /// <summary>Full path of the file.</summary>
    public string Path { get; }

    /// <summary>Writes one line per item (<paramref name="write"/> writes one JSON object) and flushes.</summary>
    public void Append<T>(IEnumerable<T> items, Action<Utf8JsonWriter, T> write)
    {
        using var buffer = new MemoryStream();
        foreach (var item in items)
        {
            using (var json = new Utf8JsonWriter(buffer))
            {
                write(json, item);
            }
            buffer.WriteByte((byte)'\n');
        }
        lock (_gate)
        {
            buffer.Position = 0;
            buffer.CopyTo(_stream);
            _stream.Flush();
        }
    }

    /// <summary>Writes a tag value as JSON (numbers and booleans as such, arrays as arrays, anything else as its string).</summary>
    public static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case string s: json.WriteStringValue(s); break;
            case bool b: json.WriteBooleanValue(b); break;
            case int or long or short or byte: json.WriteNumberValue(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case double or float or decimal: json.WriteNumberValue(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case System.Collections.IEnumerable list:
                json.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(json, item);
                }
                json.WriteEndArray();
                break;
            default: json.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)); break;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stream.Dispose();
        }
    }
}
