using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Credits.Stripe.Tests.Support;

/// <summary>
/// Signs a webhook body exactly as Stripe does: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of
/// "t.body" keyed with the endpoint secret&gt;</c>. Written out here rather than borrowed from
/// Stripe.net, so the server's verification is checked against an independent signer.
/// </summary>
public static class WebhookSigner
{
    public static string Sign(string body, string secret, DateTimeOffset at)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }
}
