using System.Diagnostics.Metrics;

namespace Conference.Registration.Operations;

/// <summary>
/// Meter <c>Conference.Registration</c>:
/// <list type="bullet">
/// <item><c>conference.registrations</c> (counter, {registration}, tags <c>outcome</c>: confirmed, waitlisted,
/// rejected; <c>reason</c> when rejected: duplicate-email, session-cancelled, session-started,
/// session-not-found, invalid, or <c>status-{code}</c>): answers to <c>POST /api/v1/sessions/{id}/registrations</c>
/// (an idempotent replay counts again).</item>
/// <item><c>conference.session.seats.remaining</c> (gauge, {seat}, tag <c>session.id</c>): capacity minus
/// confirmed, per published session that has not started.</item>
/// <item><c>conference.session.waiting_list.length</c> (gauge, {registration}, tag <c>session.id</c>): attendees
/// waiting for a seat, per published session that has not started.</item>
/// </list>
/// The gauges read a snapshot <see cref="SeatsMonitor"/> refreshes every 5 seconds.
/// </summary>
internal sealed class RegistrationMetrics
{
    public const string Name = "Conference.Registration";

    private readonly Counter<long> _registrations;
    private IReadOnlyList<SessionSeatsSnapshot> _seats = [];

    public RegistrationMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _registrations = meter.CreateCounter<long>("conference.registrations", "{registration}", "Registration answers by outcome (confirmed, waitlisted, rejected with a reason)");
        meter.CreateObservableGauge("conference.session.seats.remaining",
            () => _seats.Select(s => new Measurement<int>(s.Remaining, new KeyValuePair<string, object?>("session.id", s.SessionId.ToString()))),
            "{seat}", "Seats left per published session that has not started");
        meter.CreateObservableGauge("conference.session.waiting_list.length",
            () => _seats.Select(s => new Measurement<int>(s.Waitlisted, new KeyValuePair<string, object?>("session.id", s.SessionId.ToString()))),
            "{registration}", "Attendees on the waiting list per published session that has not started");
    }

    /// <summary>The latest seat counts of open sessions.</summary>
    public IReadOnlyList<SessionSeatsSnapshot> Seats { get => _seats; set => _seats = value; }

    public void Answered(string outcome, string? reason)
    {
        if (reason is null)
        {
            _registrations.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        }
        else
        {
            _registrations.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("reason", reason));
        }
    }
}

/// <summary>Seats left and waiting-list length of one open session.</summary>
internal sealed record SessionSeatsSnapshot(Guid SessionId, int Remaining, int Waitlisted);
