using System.Text.Json;

namespace Credits.Server.Receipts;

/// <summary>
/// The content of a subscription email's outbox message (<c>receipt.subscription_renewal</c> or
/// <c>receipt.subscription_canceled</c>), as the subscription rules write it (camelCase JSON).
/// </summary>
internal sealed record SubscriptionMailPayload(
    string? Email,
    string? AccountId,
    string? SubscriptionId,
    string? TierId,
    long Credits,
    DateTimeOffset? NextRenewal,
    DateTimeOffset? EffectiveAt)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The rollover bucket's number in stored results (Bucket.Rollover).</summary>
    private const int RolloverBucket = 5;

    /// <summary>Reads a payload; null when it is not a JSON object of this shape.</summary>
    public static SubscriptionMailPayload? Read(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<SubscriptionMailPayload>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Available credits in rollover lots after the change, from the stored result's balance; 0 when none.</summary>
    public static long RolloverAfter(string resultJson)
    {
        try
        {
            using var result = JsonDocument.Parse(resultJson);
            if (!result.RootElement.TryGetProperty("balance", out var balance) || !balance.TryGetProperty("buckets", out var buckets)
                || buckets.ValueKind != JsonValueKind.Array)
            {
                return 0;
            }
            return buckets.EnumerateArray()
                .Where(bucket => bucket.TryGetProperty("bucket", out var id) && id.TryGetInt32(out var number) && number == RolloverBucket)
                .Select(bucket => bucket.TryGetProperty("available", out var available) && available.TryGetInt64(out var value) ? value : 0)
                .Sum();
        }
        catch (JsonException)
        {
            return 0;
        }
    }
}
