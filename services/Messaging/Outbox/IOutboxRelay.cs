namespace Conference.Messaging.Outbox;

/// <summary>The service's outbox dispatcher, for the ops action "relay outbox now".</summary>
public interface IOutboxRelay
{
    /// <summary>Publishes every waiting row now (in batches, at most 10,000); returns how many were published. Throws when the broker refuses.</summary>
    Task<int> RelayNowAsync(CancellationToken ct);
}
