using StandardWebhooks;

namespace Credits.Server.Webhooks;

/// <summary>
/// Signs a webhook by the Standard Webhooks spec through the spec's .NET library: HMAC-SHA256 over
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c> keyed by the secret's bytes, sent as
/// <c>webhook-signature: v1,{base64}</c>, so receivers verify it with the spec's library in any language.
/// </summary>
internal sealed class WebhookSigner(string secret)
{
    private const string Prefix = "whsec_";

    private readonly StandardWebhook _webhook = new(secret);

    /// <summary>The three headers of one attempt at <paramref name="body"/>, stamped <paramref name="timestamp"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers(string webhookId, DateTimeOffset timestamp, string body) =>
    [
        new("webhook-id", webhookId),
        new("webhook-timestamp", timestamp.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("webhook-signature", _webhook.Sign(webhookId, timestamp, body)),
    ];

    /// <summary>Whether <paramref name="secret"/> is <c>whsec_</c> then base64 of 24 to 64 bytes (the spec asks for 24 at least).</summary>
    public static bool IsSecret(string? secret)
    {
        if (secret is null || !secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var key = new byte[96];
        return Convert.TryFromBase64String(secret[Prefix.Length..], key, out var length) && length is >= 24 and <= 64;
    }
}
