using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Conference.Registration.Data;
using Microsoft.EntityFrameworkCore;

namespace Conference.Registration.Idempotency;

/// <summary>
/// Replays the first answer to an <c>Idempotency-Key</c> for 24 hours (per session), to the same
/// request only: the key is bound to the first request's fingerprint, and the same key with other
/// fields is told apart (IETF draft "The Idempotency-Key HTTP Header Field", §2.6/§2.7). The stored
/// answer contains the manage token, so it is sealed (AES-GCM) under a key derived from the
/// idempotency key: the database alone does not reveal it.
/// </summary>
internal static class IdempotencyStore
{
    /// <summary>How long an answer is replayed.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>Longest accepted key (characters).</summary>
    public const int MaxKeyLength = 200;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The fresh record for (session, key), if any, checked against the request's
    /// <paramref name="fingerprint"/> (<see cref="Fingerprint"/>): <see cref="ReplayOutcome.Same"/>
    /// with the stored answer when the record was written for the same request (or before fingerprints
    /// were stored), <see cref="ReplayOutcome.DifferentRequest"/> without opening the answer when the
    /// key was first used with other fields (IETF draft "The Idempotency-Key HTTP Header Field",
    /// §2.6: the key is bound to the request's fingerprint), <see cref="ReplayOutcome.None"/> otherwise.
    /// </summary>
    public static async Task<(ReplayOutcome Outcome, T? Answer)> FindAsync<T>(
        RegistrationDbContext db, Guid sessionId, string key, string fingerprint, DateTimeOffset now, CancellationToken ct) where T : class
    {
        var hash = KeyHash(sessionId, key);
        var record = await db.IdempotencyRecords.AsNoTracking()
            .SingleOrDefaultAsync(r => r.KeyHash == hash && r.ExpiresAt > now, ct);
        if (record is null)
        {
            return (ReplayOutcome.None, null);
        }
        if (record.RequestFingerprint is { } stored
            && !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored), Encoding.ASCII.GetBytes(fingerprint)))
        {
            return (ReplayOutcome.DifferentRequest, null);
        }
        return (ReplayOutcome.Same, JsonSerializer.Deserialize<T>(Open(sessionId, key, record.Answer), Json));
    }

    /// <summary>
    /// Stages the answer in the caller's transaction (an expired record of the same key is removed
    /// first); a concurrent first use of the key makes the save fail on the primary key.
    /// </summary>
    public static async Task StageAsync<T>(
        RegistrationDbContext db, Guid sessionId, string key, string fingerprint, int statusCode, T answer, DateTimeOffset now, CancellationToken ct)
    {
        var record = Record(sessionId, key, fingerprint, statusCode, answer, now);
        await db.IdempotencyRecords.Where(r => r.KeyHash == record.KeyHash && r.ExpiresAt <= now).ExecuteDeleteAsync(ct);
        db.IdempotencyRecords.Add(record);
    }

    /// <summary>The record that replays <paramref name="answer"/> for (session, key) and the request of <paramref name="fingerprint"/>, sealed, not yet stored.</summary>
    public static IdempotencyRecord Record<T>(Guid sessionId, string key, string fingerprint, int statusCode, T answer, DateTimeOffset now) => new()
    {
        KeyHash = KeyHash(sessionId, key),
        SessionId = sessionId,
        StatusCode = statusCode,
        RequestFingerprint = fingerprint,
        Answer = Seal(sessionId, key, JsonSerializer.SerializeToUtf8Bytes(answer, Json)),
        CreatedAt = now,
        ExpiresAt = now + Lifetime,
    };

    /// <summary>
    /// The request's fingerprint: HMAC-SHA256 (hex) of <paramref name="fields"/> (the caller's
    /// normalised request fields, as a JSON array so that no two lists give the same text) under a key
    /// derived from (session, idempotency key). Keyed like the rest of the record, so the stored value
    /// cannot be checked against guessed attendee details without the idempotency key.
    /// </summary>
    public static string Fingerprint(Guid sessionId, string key, IReadOnlyList<string?> fields) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(
            Derive(sessionId, key, "idempotency-fingerprint"), JsonSerializer.SerializeToUtf8Bytes(fields, Json)));

    /// <summary>Removes expired records; returns how many.</summary>
    public static Task<int> PurgeAsync(RegistrationDbContext db, DateTimeOffset now, CancellationToken ct) =>
        db.IdempotencyRecords.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(ct);

    private static string KeyHash(Guid sessionId, string key) =>
        Convert.ToHexStringLower(Derive(sessionId, key, "idempotency-lookup"));

    private static byte[] Derive(Guid sessionId, string key, string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(key), 32, sessionId.ToByteArray(), Encoding.UTF8.GetBytes(purpose));

    private static byte[] Seal(Guid sessionId, string key, byte[] plain)
    {
        using var aes = new AesGcm(Derive(sessionId, key, "idempotency-answer"), AesGcm.TagByteSizes.MaxSize);
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        var cipher = new byte[plain.Length];
        aes.Encrypt(nonce, plain, cipher, tag);
        return [.. nonce, .. tag, .. cipher];
    }

    private static byte[] Open(Guid sessionId, string key, byte[] sealedAnswer)
    {
        var n = AesGcm.NonceByteSizes.MaxSize;
        var t = AesGcm.TagByteSizes.MaxSize;
        using var aes = new AesGcm(Derive(sessionId, key, "idempotency-answer"), t);
        var plain = new byte[sealedAnswer.Length - n - t];
        aes.Decrypt(sealedAnswer.AsSpan(0, n), sealedAnswer.AsSpan(n + t), sealedAnswer.AsSpan(n, t), plain);
        return plain;
    }
}

/// <summary>What an <c>Idempotency-Key</c> finds (<see cref="IdempotencyStore.FindAsync"/>).</summary>
internal enum ReplayOutcome
{
    /// <summary>No fresh record: the request is a first attempt.</summary>
    None,

    /// <summary>A fresh record of the same request: replay its answer.</summary>
    Same,

    /// <summary>A fresh record of a different request under the same key: refuse (422), answer nothing of it.</summary>
    DifferentRequest,
}
