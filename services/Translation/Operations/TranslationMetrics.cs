using System.Diagnostics.Metrics;

namespace Conference.Translation.Operations;

/// <summary>
/// Meter <c>Conference.Translation</c> (a job is one session into one language):
/// <list type="bullet">
/// <item><c>conference.translation.jobs.completed</c> (counter, {job}, tags <c>engine</c>, <c>language</c>): jobs done.</item>
/// <item><c>conference.translation.jobs.failed</c> (counter, {job}, tag <c>engine</c>): attempts that failed; the job is retried with back-off.</item>
/// <item><c>conference.translation.fields.translated</c> (counter, {field}, tag <c>engine</c>): texts stored.</item>
/// <item><c>conference.translation.duration</c> (histogram, s, tag <c>engine</c>): from the session event that asked for it to the translation stored (time to translate, waiting and retries included).</item>
/// <item><c>conference.translation.engine.duration</c> (histogram, s, tag <c>engine</c>): the engine's own time for one job.</item>
/// <item><c>conference.translation.jobs.pending</c> (gauge, {job}, tag <c>engine</c>: the configured one): jobs waiting, refreshed every 5 s.</item>
/// <item><c>conference.translation.jobs.oldest_pending_age</c> (gauge, s): age of the oldest waiting job.</item>
/// </list>
/// </summary>
internal sealed class TranslationMetrics
{
    public const string Name = "Conference.Translation";

    private static readonly double[] Buckets = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900];
    private readonly Counter<long> _completed;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _fields;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _engineDuration;
    private PendingSnapshot _pending = new("", 0, null);

    public TranslationMetrics(IMeterFactory meters, TimeProvider time)
    {
        var meter = meters.Create(Name);
        _completed = meter.CreateCounter<long>("conference.translation.jobs.completed", "{job}", "Translation jobs done (one session into one language)");
        _failed = meter.CreateCounter<long>("conference.translation.jobs.failed", "{job}", "Translation attempts that failed and will be retried");
        _fields = meter.CreateCounter<long>("conference.translation.fields.translated", "{field}", "Machine-translated texts stored");
        _duration = meter.CreateHistogram("conference.translation.duration", "s", "From the session event to the translation stored",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
        _engineDuration = meter.CreateHistogram("conference.translation.engine.duration", "s", "The engine's time for one job",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
        meter.CreateObservableGauge("conference.translation.jobs.pending",
            () => new Measurement<long>(_pending.Count, new KeyValuePair<string, object?>("engine", _pending.Engine)),
            "{job}", "Translation jobs waiting (including those backing off after a failure)");
        meter.CreateObservableGauge("conference.translation.jobs.oldest_pending_age",
            () => _pending.Oldest is { } oldest ? Math.Max(0, (time.GetUtcNow() - oldest).TotalSeconds) : 0,
            "s", "Age of the oldest waiting translation job");
    }

    /// <summary>The latest pending-jobs snapshot.</summary>
    public PendingSnapshot Pending { get => _pending; set => _pending = value; }

    public void Completed(string engine, string language, int fields, TimeSpan? sinceRequest, TimeSpan? engineTime)
    {
        var tag = new KeyValuePair<string, object?>("engine", engine);
        _completed.Add(1, tag, new KeyValuePair<string, object?>("language", language));
        if (fields > 0)
        {
            _fields.Add(fields, tag);
        }
        if (sinceRequest is { } waited)
        {
            _duration.Record(Math.Max(0, waited.TotalSeconds), tag);
        }
        if (engineTime is { } spent)
        {
            _engineDuration.Record(spent.TotalSeconds, tag);
        }
    }

    public void Failed(string engine) => _failed.Add(1, new KeyValuePair<string, object?>("engine", engine));
}

/// <summary>Pending jobs of the configured engine and the requested-at of the oldest.</summary>
internal sealed record PendingSnapshot(string Engine, long Count, DateTimeOffset? Oldest);
