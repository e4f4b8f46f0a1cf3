using System.Diagnostics;
using System.Text.Json;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;

namespace Conference.ServiceDefaults.Telemetry;

/// <summary>
/// Writes finished spans to a <see cref="JsonLinesFile"/>: <c>{"signal":"span","service",
/// "traceId","spanId","parentSpanId","source","name","kind","start","durationMs","status","tags",
/// "events"}</c>.
/// </summary>
internal sealed class JsonLinesSpanExporter(JsonLinesFile file, string service) : BaseExporter<Activity>
{
    public override ExportResult Export(in Batch<Activity> batch)
    {
        var items = new List<Activity>();
        foreach (var activity in batch)
        {
            items.Add(activity);
        }
        file.Append(items, (json, a) =>
        {
            json.WriteStartObject();
            json.WriteString("signal", "span");
            json.WriteString("service", service);
            json.WriteString("traceId", a.TraceId.ToHexString());
            json.WriteString("spanId", a.SpanId.ToHexString());
            json.WriteString("parentSpanId", a.ParentSpanId == default ? null : a.ParentSpanId.ToHexString());
            json.WriteString("source", a.Source.Name);
            json.WriteString("name", a.DisplayName);
            json.WriteString("kind", a.Kind.ToString());
            json.WriteString("start", a.StartTimeUtc);
            json.WriteNumber("durationMs", a.Duration.TotalMilliseconds);
            json.WriteString("status", a.Status.ToString());
            json.WriteString("statusDescription", a.StatusDescription);
            json.WriteStartObject("tags");
            foreach (var tag in a.TagObjects)
            {
                json.WritePropertyName(tag.Key);
                JsonLinesFile.WriteValue(json, tag.Value);
            }
            json.WriteEndObject();
            json.WriteStartArray("events");
            foreach (var e in a.Events)
            {
                json.WriteStartObject();
                json.WriteString("name", e.Name);
                foreach (var tag in e.Tags)
                {
                    json.WritePropertyName(tag.Key);
                    JsonLinesFile.WriteValue(json, tag.Value);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        });
        return ExportResult.Success;
    }
}

/// <summary>
/// Writes log records to a <see cref="JsonLinesFile"/>: <c>{"signal":"log","service","category",
/// "level","eventId","message","template","attributes","scopes","traceId","spanId","exception"}</c>.
/// </summary>
internal sealed class JsonLinesLogExporter(JsonLinesFile file, string service) : BaseExporter<LogRecord>
{
    public override ExportResult Export(in Batch<LogRecord> batch)
    {
        // Records are recycled after export: render each one now.
        var lines = new List<byte[]>();
        foreach (var record in batch)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                Write(json, record);
            }
            lines.Add(buffer.ToArray());
        }
        file.Append(lines, (json, line) => json.WriteRawValue(line, skipInputValidation: true));
        return ExportResult.Success;
    }

    private void Write(Utf8JsonWriter json, LogRecord r)
    {
        json.WriteStartObject();
        json.WriteString("signal", "log");
        json.WriteString("service", service);
        json.WriteString("timestamp", r.Timestamp);
        json.WriteString("category", r.CategoryName);
        json.WriteString("level", r.LogLevel.ToString());
        json.WriteNumber("eventId", r.EventId.Id);
        json.WriteString("message", r.FormattedMessage);
        json.WriteString("template", r.Body);
        json.WriteString("traceId", r.TraceId == default ? null : r.TraceId.ToHexString());
        json.WriteString("spanId", r.SpanId == default ? null : r.SpanId.ToHexString());
        json.WriteStartObject("attributes");
        foreach (var attribute in r.Attributes ?? [])
        {
            json.WritePropertyName(attribute.Key);
            JsonLinesFile.WriteValue(json, attribute.Value);
        }
        json.WriteEndObject();
        json.WriteStartArray("scopes");
        r.ForEachScope(static (scope, writer) =>
        {
            writer.WriteStartObject();
            foreach (var item in scope)
            {
                writer.WritePropertyName(item.Key);
                JsonLinesFile.WriteValue(writer, item.Value);
            }
            writer.WriteEndObject();
        }, json);
        json.WriteEndArray();
        json.WriteString("exception", r.Exception?.ToString());
        json.WriteEndObject();
    }
}

/// <summary>
/// Writes metric points to a <see cref="JsonLinesFile"/>: <c>{"signal":"metric","service","meter",
/// "name","unit","type","tags","value"}</c> (value: the sum, last value, or for a histogram
/// <c>{"count","sum"}</c>).
/// </summary>
internal sealed class JsonLinesMetricExporter(JsonLinesFile file, string service) : BaseExporter<Metric>
{
    public override ExportResult Export(in Batch<Metric> batch)
    {
        var points = new List<(Metric Metric, MetricPoint Point)>();
        foreach (var metric in batch)
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                points.Add((metric, point));
            }
        }
        file.Append(points, (json, p) =>
        {
            var (metric, point) = p;
            json.WriteStartObject();
            json.WriteString("signal", "metric");
            json.WriteString("service", service);
            json.WriteString("meter", metric.MeterName);
            json.WriteString("name", metric.Name);
            json.WriteString("unit", metric.Unit);
            json.WriteString("type", metric.MetricType.ToString());
            json.WriteStartObject("tags");
            foreach (var tag in point.Tags)
            {
                json.WritePropertyName(tag.Key);
                JsonLinesFile.WriteValue(json, tag.Value);
            }
            json.WriteEndObject();
            json.WritePropertyName("value");
            switch (metric.MetricType)
            {
                case MetricType.LongSum or MetricType.LongSumNonMonotonic: json.WriteNumberValue(point.GetSumLong()); break;
                case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic: json.WriteNumberValue(point.GetSumDouble()); break;
                case MetricType.LongGauge: json.WriteNumberValue(point.GetGaugeLastValueLong()); break;
                case MetricType.DoubleGauge: json.WriteNumberValue(point.GetGaugeLastValueDouble()); break;
                case MetricType.Histogram or MetricType.ExponentialHistogram:
                    json.WriteStartObject();
                    json.WriteNumber("count", point.GetHistogramCount());
                    json.WriteNumber("sum", point.GetHistogramSum());
                    json.WriteEndObject();
                    break;
                default: json.WriteNullValue(); break;
            }
            json.WriteEndObject();
        });
        return ExportResult.Success;
    }
}
