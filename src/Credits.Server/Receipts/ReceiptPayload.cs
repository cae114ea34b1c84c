using System.Text.Json;

namespace Credits.Server.Receipts;

/// <summary>
/// The content of a <c>receipt.purchase</c> outbox message, as the Stripe webhook writes it
/// (camelCase JSON). <see cref="AmountTotal"/> is in the currency's minor unit, as Stripe gives it.
/// <see cref="Locale"/> is the checkout's locale when the payload carries one (it wins over the account's).
/// </summary>
internal sealed record ReceiptPayload(
    string? Email,
    string? AccountId,
    string? PackId,
    string? PackName,
    long Credits,
    long BonusCredits,
    string? SessionId,
    long? AmountTotal,
    string? Currency,
    string? Locale = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Reads a payload; null when it is not a JSON object of this shape.</summary>
    public static ReceiptPayload? Read(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ReceiptPayload>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The available balance after the grant, from the grant's stored result (<c>balance.available</c>); null if absent.</summary>
    public static long? AvailableAfter(string resultJson)
    {
        try
        {
            using var result = JsonDocument.Parse(resultJson);
            return result.RootElement.ValueKind == JsonValueKind.Object
                && result.RootElement.TryGetProperty("balance", out var balance)
                && balance.ValueKind == JsonValueKind.Object
                && balance.TryGetProperty("available", out var available)
                && available.TryGetInt64(out var value)
                    ? value
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
