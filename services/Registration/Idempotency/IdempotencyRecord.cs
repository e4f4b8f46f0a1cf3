namespace Conference.Registration.Idempotency;

/// <summary>
/// The first answer to a registration sent with an <c>Idempotency-Key</c> (table
/// <c>idempotency_records</c>), replayed for 24 hours. The key itself is not stored: the row is
/// found by a hash of (session, key) and the answer, which holds the manage token, is encrypted
/// with a key derived from (session, key), so only a caller who knows the key can read it back.
/// The key is bound to the request it first came with (<see cref="RequestFingerprint"/>): the same
/// key with other registration details is refused, never answered with this record (IETF draft
/// "The Idempotency-Key HTTP Header Field", §2.6/§2.7).
/// </summary>
internal sealed class IdempotencyRecord
{
    /// <summary>SHA-256 of the session id and the key (hex).</summary>
    public required string KeyHash { get; set; }

    public Guid SessionId { get; set; }

    /// <summary>HTTP status of the stored answer.</summary>
    public int StatusCode { get; set; }

    /// <summary>
    /// HMAC-SHA256 (hex) of the first request's normalised fields under a key derived from (session,
    /// idempotency key), see <see cref="IdempotencyStore.Fingerprint"/>. Null on records written before
    /// fingerprints were stored: those match any request (they expire within 24 hours).
    /// </summary>
    public string? RequestFingerprint { get; set; }

    /// <summary>AES-GCM nonce ‖ tag ‖ ciphertext of the answer's JSON.</summary>
    public required byte[] Answer { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>After this instant the key starts a new registration attempt.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}
