using System.Security.Cryptography;
using StandardWebhooks;

namespace Conference.Integration.Webhooks;

/// <summary>
/// Signatures in the Standard Webhooks format (the scheme of Svix, and of Stripe in spirit): headers
/// <c>Webhook-Id</c> (event id), <c>Webhook-Timestamp</c> (Unix seconds of this attempt) and
/// <c>Webhook-Signature</c> = <c>v1,</c> + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")), where
/// the key is the base64-decoded part of the secret after <c>whsec_</c>. A receiver recomputes it,
/// compares in constant time, and rejects timestamps more than five minutes away (replays).
/// </summary>
internal static class WebhookSigning
{
    public const string IdHeader = "Webhook-Id";
    public const string TimestampHeader = "Webhook-Timestamp";
    public const string SignatureHeader = "Webhook-Signature";
    public const string SecretPrefix = "whsec_";

    /// <summary>A new secret: <c>whsec_</c> + base64 of 32 random bytes.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The <c>Webhook-Signature</c> value of <paramref name="body"/> sent at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, string id, DateTimeOffset timestamp, string body) =>
        new StandardWebhook(secret).Sign(id, timestamp, body);
}
