using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Conference.ServiceDefaults.Telemetry;

/// <summary>
/// Optional copy of every span, log record and metric point into a JSON-lines file, for tests that
/// read what a run produced (one trace per journey, no personal data). Off unless
/// <c>Telemetry:ExportDirectory</c> is set; the AppHost passes it on to every service.
/// </summary>
public static class TelemetryFiles
{
    /// <summary>Configuration key of the directory; unset means no files.</summary>
    public const string DirectoryKey = "Telemetry:ExportDirectory";

    /// <summary>Adds the file exporters when <see cref="DirectoryKey"/> is set (batches every second, metrics every 2 s).</summary>
    public static TBuilder AddTelemetryFiles<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var directory = builder.Configuration[DirectoryKey];
        if (string.IsNullOrWhiteSpace(directory))
        {
            return builder;
        }

        var service = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : builder.Environment.ApplicationName;
        var file = new JsonLinesFile(directory, service);
        builder.Services.AddSingleton(file);
        builder.Logging.AddOpenTelemetry(logging =>
            logging.AddProcessor(new BatchLogRecordExportProcessor(new JsonLinesLogExporter(file, service), scheduledDelayMilliseconds: 1000)));
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddProcessor(new BatchActivityExportProcessor(new JsonLinesSpanExporter(file, service), scheduledDelayMilliseconds: 1000)))
            .WithMetrics(metrics => metrics.AddReader(new PeriodicExportingMetricReader(new JsonLinesMetricExporter(file, service), exportIntervalMilliseconds: 2000)
            {
                TemporalityPreference = MetricReaderTemporalityPreference.Cumulative,
            }));
        return builder;
    }
}
