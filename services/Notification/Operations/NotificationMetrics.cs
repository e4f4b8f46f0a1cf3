using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Conference.Notification.Operations;

/// <summary>
/// Notification's telemetry. Spans (source <c>Conference.Notification</c>): <c>send email {kind}</c>,
/// continuing the trace of the event that wrote the message. Meter <c>Conference.Notification</c>:
/// <list type="bullet">
/// <item><c>conference.notification.emails.sent</c> (counter, {message}, tag <c>kind</c>): accepted by the SMTP server.</item>
/// <item><c>conference.notification.emails.retried</c> (counter, {message}, tag <c>kind</c>): an attempt failed; retried with back-off.</item>
/// <item><c>conference.notification.emails.failed</c> (counter, {message}, tag <c>kind</c>): given up (permanent refusal or 8 attempts).</item>
/// <item><c>conference.notification.registration_to_email.duration</c> (histogram, s, tag <c>kind</c>): from the registration event (confirmed, waitlisted, promoted) to the SMTP server's acceptance.</item>
/// <item><c>conference.notification.emails.waiting</c> (gauge, {message}, tag <c>status</c>: pending, failed): messages not sent, refreshed every 5 s.</item>
/// <item><c>conference.notification.emails.oldest_pending_age</c> (gauge, s): age of the oldest pending message.</item>
/// </list>
/// </summary>
internal sealed class NotificationMetrics
{
    public const string Name = "Conference.Notification";

    /// <summary>Source of the <c>send email</c> spans.</summary>
    public static readonly ActivitySource Source = new(Name);

    private readonly Counter<long> _sent;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _failed;
    private readonly Histogram<double> _registrationToEmail;
    private MailboxSnapshot _snapshot = new(0, 0, null);

    public NotificationMetrics(IMeterFactory meters, TimeProvider time)
    {
        var meter = meters.Create(Name);
        _sent = meter.CreateCounter<long>("conference.notification.emails.sent", "{message}", "Emails the SMTP server accepted");
        _retried = meter.CreateCounter<long>("conference.notification.emails.retried", "{message}", "Email attempts that failed and will be retried");
        _failed = meter.CreateCounter<long>("conference.notification.emails.failed", "{message}", "Emails given up on (permanent refusal or last attempt)");
        _registrationToEmail = meter.CreateHistogram("conference.notification.registration_to_email.duration", "s",
            "From the registration event to the email's acceptance by the SMTP server",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800, 3600] });
        meter.CreateObservableGauge("conference.notification.emails.waiting", () => new[]
        {
            new Measurement<long>(_snapshot.Pending, new KeyValuePair<string, object?>("status", "pending")),
            new Measurement<long>(_snapshot.Failed, new KeyValuePair<string, object?>("status", "failed")),
        }, "{message}", "Emails not sent: pending (waiting or retrying) and failed (given up)");
        meter.CreateObservableGauge("conference.notification.emails.oldest_pending_age",
            () => _snapshot.OldestPending is { } oldest ? Math.Max(0, (time.GetUtcNow() - oldest).TotalSeconds) : 0,
            "s", "Age of the oldest pending email");
    }

    /// <summary>The latest counts of unsent messages.</summary>
    public MailboxSnapshot Mailbox { get => _snapshot; set => _snapshot = value; }

    public void Sent(string kind, DateTimeOffset sentAt, DateTimeOffset? causedAt)
    {
        var tag = new KeyValuePair<string, object?>("kind", kind);
        _sent.Add(1, tag);
        if (causedAt is { } caused)
        {
            _registrationToEmail.Record(Math.Max(0, (sentAt - caused).TotalSeconds), tag);
        }
    }

    public void Retried(string kind) => _retried.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Failed(string kind) => _failed.Add(1, new KeyValuePair<string, object?>("kind", kind));
}

/// <summary>Messages pending and failed, and the creation time of the oldest pending one.</summary>
internal sealed record MailboxSnapshot(long Pending, long Failed, DateTimeOffset? OldestPending);
