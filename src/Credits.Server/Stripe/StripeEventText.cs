using System.Text;
using System.Text.Json;

namespace Credits.Server.Stripe;

/// <summary>
/// Whether a webhook body can be stored at all. PostgreSQL's text holds no NUL: an event whose id,
/// type or any field carried one (as <c>\u0000</c> in its JSON) failed as a database error, HTTP
/// 500, which Stripe would retry for days (found by the fuzzing suite). Stripe never sends a NUL,
/// so such a body is refused as not being a Stripe event.
/// </summary>
internal static class StripeEventText
{
    /// <summary>True when a property name or string value of the (valid JSON) body holds U+0000.</summary>
    public static bool HoldsNul(string body)
    {
        // A NUL can only be written as an escape; without "\u" the parse below is not needed.
        if (!body.Contains("\\u", StringComparison.Ordinal))
        {
            return false;
        }
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(body));
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.String && reader.GetString()!.Contains('\0', StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
