using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Conference.Messaging.Outbox;
using Conference.Registration.Data;
using Conference.Registration.Idempotency;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Conference.Registration.Seats;

/// <summary>What became of one registration handed to <see cref="SeatGroupCommit"/>.</summary>
internal enum GroupCommitOutcome
{
    /// <summary>The seat was taken and the registration, its event and replay record committed.</summary>
    Confirmed,

    /// <summary>Nothing written: the session had no free seat (or was not open) when the statement ran — the transactional path decides (waiting list, refusal).</summary>
    NoSeat,

    /// <summary>Nothing written, for a reason of its own or of another registration of the group (a unique violation, fewer seats left than asked together, the database): try alone.</summary>
    Alone,
}

/// <summary>
/// Group commit of the usual registration (a seat is free), the design the hot-session benchmark
/// asked for (issue 9: "committing a hot session's registrations in small batches"). Every
/// registration of a session passes through its counter row in <c>session_seats</c>, and a row lock
/// lasts until the commit, so with one statement per registration a popular session is served one
/// commit (and one WAL flush) at a time while the other requests wait on the lock. Here the requests
/// that arrive while a statement runs are queued and go together in the next one: a single SQL
/// statement adds each session's count to its counter when that many seats are free
/// (<c>confirmed + n &lt;= capacity</c>), inserts the registrations, their
/// <see cref="Contracts.RegistrationConfirmed"/> outbox rows and the idempotency replay records, all
/// or nothing. One statement runs at a time per Registration instance, so its row locks never wait
/// on each other; with nothing queued a registration goes alone at once (no added wait).
/// A group is at most <c>Registration:GroupCommitMax</c> registrations (default 64; 0 or 1 turns the
/// group commit off: each request runs <see cref="SeatFastPath"/> itself).
/// A session with fewer free seats than the group asks, a duplicate email or key (the unique indexes
/// refuse the whole statement) or a database error write nothing: those registrations are answered
/// <see cref="GroupCommitOutcome.Alone"/> and take the single-statement and transactional paths,
/// which give each one its exact answer (seat, waiting list, 409). Metrics: histogram
/// <c>conference.registration.group_commit.size</c> ({registration}) of each statement's group.
/// </summary>
internal sealed class SeatGroupCommit : BackgroundService
{
    private readonly Channel<Claim> _queue = Channel.CreateUnbounded<Claim>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lazy<NpgsqlDataSource> _connections;
    private readonly ILogger<SeatGroupCommit> _logger;
    private readonly Histogram<int> _sizes;
    private long _statements;
    private long _confirmed;

    public SeatGroupCommit(IServiceScopeFactory scopes, IConfiguration configuration, IMeterFactory meters, ILogger<SeatGroupCommit> logger)
    {
        _connections = new Lazy<NpgsqlDataSource>(() =>
        {
            using var scope = scopes.CreateScope();
            var connectionString = scope.ServiceProvider.GetRequiredService<RegistrationDbContext>().Database.GetConnectionString()
                ?? throw new InvalidOperationException("Registration's database has no connection string.");
            // One statement at a time: a small pool of its own, beside the service's.
            return NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 2 }.ConnectionString);
        });
        _logger = logger;
        Max = Math.Clamp(configuration.GetValue("Registration:GroupCommitMax", 64), 0, 1000);
        _sizes = meters.Create(Operations.RegistrationMetrics.Name)
            .CreateHistogram<int>("conference.registration.group_commit.size", "{registration}", "Registrations committed together by one statement (seat group commit)");
    }

    /// <summary>Most registrations per statement; 0 or 1 when the group commit is off.</summary>
    public int Max { get; }

    /// <summary>True when registrations go through the group commit.</summary>
    public bool Enabled => Max > 1;

    /// <summary>Statements run so far (for tests and the benchmark's explanation).</summary>
    public long Statements => Interlocked.Read(ref _statements);

    /// <summary>Registrations confirmed by those statements.</summary>
    public long Confirmed => Interlocked.Read(ref _confirmed);

    /// <summary>A registration waiting for its group's statement.</summary>
    /// <param name="Registration">The registration row to insert (status confirmed).</param>
    /// <param name="Event">Its outbox row, as <c>AddEvent</c> made it.</param>
    /// <param name="Replay">The idempotency replay record, or null without a key.</param>
    /// <param name="Aborted">The request's token: a claim whose client left before its turn is dropped.</param>
    internal sealed record Claim(Registrations.Registration Registration, OutboxMessage Event, IdempotencyRecord? Replay, CancellationToken Aborted)
    {
        public TaskCompletionSource<GroupCommitOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Queues the registration for the next statement and waits for its outcome.</summary>
    public async Task<GroupCommitOutcome> SubmitAsync(Registrations.Registration registration, OutboxMessage @event, IdempotencyRecord? replay, CancellationToken ct)
    {
        var claim = new Claim(registration, @event, replay, ct);
        if (!_queue.Writer.TryWrite(claim))
        {
            return GroupCommitOutcome.Alone; // stopping
        }
        return await claim.Done.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var group = new List<Claim>(Math.Max(Max, 1));
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                group.Clear();
                while (group.Count < Max && _queue.Reader.TryRead(out var claim))
                {
                    if (claim.Aborted.IsCancellationRequested)
                    {
                        claim.Done.TrySetCanceled(claim.Aborted); // the client left before its turn: nothing written
                    }
                    else
                    {
                        group.Add(claim);
                    }
                }
                if (group.Count > 0)
                {
                    await CommitAsync(group, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var left))
            {
                left.Done.TrySetResult(GroupCommitOutcome.Alone);
            }
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        if (_connections.IsValueCreated)
        {
            _connections.Value.Dispose();
        }
        base.Dispose();
    }

    private async Task CommitAsync(List<Claim> group, CancellationToken stoppingToken)
    {
        try
        {
            // A connection of its own from the pool, returned when the statement is done. Not a DbContext's:
            // a pooled context goes back to its pool with a connection it was told to open still open, and
            // the request that rents it next would then hold that connection while it waits for this very
            // loop — enough of those and the loop finds the pool empty (a stall the tester found).
            await using var connection = _connections.Value.CreateConnection();
            await connection.OpenAsync(stoppingToken);
            await using var command = Statement(connection, group);
            var outcomes = new Dictionary<Guid, GroupCommitOutcome>(group.Count);
            await using (var reader = await command.ExecuteReaderAsync(stoppingToken))
            {
                while (await reader.ReadAsync(stoppingToken))
                {
                    var taken = reader.GetBoolean(1);
                    var free = reader.GetInt32(2);
                    outcomes[reader.GetGuid(0)] = taken ? GroupCommitOutcome.Confirmed : free <= 0 ? GroupCommitOutcome.NoSeat : GroupCommitOutcome.Alone;
                }
            }
            Interlocked.Increment(ref _statements);
            _sizes.Record(group.Count);
            foreach (var claim in group)
            {
                var outcome = outcomes.GetValueOrDefault(claim.Registration.Id, GroupCommitOutcome.Alone);
                if (outcome == GroupCommitOutcome.Confirmed)
                {
                    Interlocked.Increment(ref _confirmed);
                }
                claim.Done.TrySetResult(outcome);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Nothing was written (one statement); each registration finds its own answer alone.
            if (ex is not PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                _logger.LogWarning(ex, "Seat group commit of {Count} registrations failed; each goes alone", group.Count);
            }
            foreach (var claim in group)
            {
                claim.Done.TrySetResult(GroupCommitOutcome.Alone);
            }
        }
    }

    private static NpgsqlCommand Statement(NpgsqlConnection connection, List<Claim> group)
    {
        var command = new NpgsqlCommand(Sql, connection);
        T[] Column<T>(Func<Claim, T> value) => [.. group.Select(value)];
        void Add<T>(string name, NpgsqlDbType type, T[] values) =>
            command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | type) { Value = values });

        Add("id", NpgsqlDbType.Uuid, Column(c => c.Registration.Id));
        Add("session", NpgsqlDbType.Uuid, Column(c => c.Registration.SessionId));
        Add("name", NpgsqlDbType.Text, Column(c => c.Registration.Name));
        Add("email", NpgsqlDbType.Text, Column(c => c.Registration.Email));
        Add("normalised", NpgsqlDbType.Text, Column(c => c.Registration.NormalisedEmail));
        Add("organisation", NpgsqlDbType.Text, Column(c => c.Registration.Organisation));
        Add("country", NpgsqlDbType.Text, Column(c => c.Registration.Country));
        Add("language", NpgsqlDbType.Text, Column(c => c.Registration.Language));
        Add("zone", NpgsqlDbType.Text, Column(c => c.Registration.TimeZone));
        Add("token_hash", NpgsqlDbType.Text, Column(c => c.Registration.ManageTokenHash));
        Add("at", NpgsqlDbType.TimestampTz, Column(c => c.Registration.CreatedAt.UtcDateTime));
        Add("event_id", NpgsqlDbType.Uuid, Column(c => c.Event.Id));
        Add("event_type", NpgsqlDbType.Text, Column(c => c.Event.MessageType));
        Add("payload", NpgsqlDbType.Text, Column(c => c.Event.Payload));
        Add("occurred", NpgsqlDbType.TimestampTz, Column(c => c.Event.OccurredAt.UtcDateTime));
        Add("trace", NpgsqlDbType.Text, Column(c => c.Event.TraceParent));
        Add("key_hash", NpgsqlDbType.Text, Column(c => c.Replay?.KeyHash));
        Add("status_code", NpgsqlDbType.Integer, Column(c => c.Replay?.StatusCode ?? 0));
        Add("fingerprint", NpgsqlDbType.Text, Column(c => c.Replay?.RequestFingerprint));
        Add("answer", NpgsqlDbType.Bytea, Column(c => c.Replay?.Answer));
        Add("expires", NpgsqlDbType.TimestampTz, Column(c => (c.Replay?.ExpiresAt ?? c.Registration.CreatedAt).UtcDateTime));
        return command;
    }

    // One statement, all or nothing. "offered" keeps the requests whose language the session offers
    // (the others write nothing and are answered NoSeat: the endpoint's other path gives them their
    // 422). "before" reads the counters as the statement found them: a session with no free seat then
    // is answered NoSeat (straight to the waiting list's path).
    private const string Sql = """
        WITH req AS (
            SELECT * FROM unnest(@id, @session, @name, @email, @normalised, @organisation, @country, @language, @zone, @token_hash, @at,
                                 @event_id, @event_type, @payload, @occurred, @trace, @key_hash, @status_code, @fingerprint, @answer, @expires)
                AS r(id, session_id, name, email, normalised_email, organisation, country, language, time_zone, manage_token_hash, at,
                     event_id, event_type, payload, occurred_at, trace_parent, key_hash, status_code, request_fingerprint, answer, expires_at)
        ), offered AS (
            SELECT req.* FROM req JOIN session_seats s ON s.session_id = req.session_id WHERE req.language = ANY(s.languages)
        ), wanted AS (
            SELECT session_id, count(*)::int AS n, max(at) AS at FROM offered GROUP BY session_id
        ), before AS (
            SELECT s.session_id, CASE WHEN s.status = 'open' AND s.starts_at > w.at THEN s.capacity - s.confirmed ELSE 0 END AS free
            FROM session_seats s JOIN wanted w ON w.session_id = s.session_id
        ), seat AS (
            UPDATE session_seats s SET confirmed = s.confirmed + w.n, updated_at = w.at
            FROM wanted w
            WHERE s.session_id = w.session_id AND s.status = 'open' AND s.starts_at > w.at AND s.confirmed + w.n <= s.capacity
            RETURNING s.session_id
        ), registration AS (
            INSERT INTO registrations (id, session_id, name, email, normalised_email, organisation, country, language, time_zone,
                                       status, waitlist_order, manage_token_hash, created_at, confirmed_at)
            SELECT req.id, req.session_id, req.name, req.email, req.normalised_email, req.organisation, req.country, req.language, req.time_zone,
                   'confirmed', NULL, req.manage_token_hash, req.at, req.at
            FROM offered req JOIN seat ON seat.session_id = req.session_id
            RETURNING id
        ), event AS (
            INSERT INTO outbox_messages (id, message_type, payload, occurred_at, trace_parent, attempts)
            SELECT req.event_id, req.event_type, CAST(req.payload AS jsonb), req.occurred_at, req.trace_parent, 0
            FROM req JOIN registration ON registration.id = req.id
            RETURNING id
        ), replay AS (
            INSERT INTO idempotency_records (key_hash, session_id, status_code, request_fingerprint, answer, created_at, expires_at)
            SELECT req.key_hash, req.session_id, req.status_code, req.request_fingerprint, req.answer, req.at, req.expires_at
            FROM req JOIN registration ON registration.id = req.id
            WHERE req.key_hash IS NOT NULL
            RETURNING key_hash
        )
        SELECT req.id, registration.id IS NOT NULL AS taken, CASE WHEN offered.id IS NULL THEN 0 ELSE COALESCE(before.free, 0) END AS free
        FROM req
        LEFT JOIN offered ON offered.id = req.id
        LEFT JOIN registration ON registration.id = req.id
        LEFT JOIN before ON before.session_id = req.session_id
        """;
}
