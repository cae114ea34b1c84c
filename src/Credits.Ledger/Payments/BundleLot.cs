using System.Text.Json;
using System.Text.Json.Serialization;
using Credits.Ledger.Engine;
using Credits.Ledger.Lots;

namespace Credits.Ledger.Payments;

// One further lot of a sold bundle as a payment knows it: what was sold, then its expiry (fixed
// before the grant is sent, so a retry sends the same request) and the lot the grant made.
internal sealed class BundleLot(PackLot lot, DateTimeOffset? expiresAt = null, string? lotId = null)
{
    public PackLot Lot { get; } = lot;

    public DateTimeOffset? ExpiresAt { get; set; } = expiresAt;

    public string? LotId { get; set; } = lotId;

    // Stored as one JSON array in payments.lots and checkout_sessions.lots ('' for none, the
    // columns' default, so payments sold before bundles read as having no further lots).
    public static string Write(IEnumerable<BundleLot> lots)
    {
        var stored = lots.Select(lot => new Stored((int)lot.Lot.Bucket, lot.Lot.Credits, lot.Lot.ValidityDays,
            lot.Lot.Features.Count == 0 ? null : [.. lot.Lot.Features], Clock.ToMs(lot.ExpiresAt), lot.LotId)).ToList();
        return stored.Count == 0 ? "" : JsonSerializer.Serialize(stored);
    }

    public static List<BundleLot> Read(string? stored) =>
        string.IsNullOrEmpty(stored) ? [] : (JsonSerializer.Deserialize<List<Stored>>(stored) ?? [])
            .Select(lot => new BundleLot(new PackLot((Bucket)lot.Bucket, lot.Credits, lot.ValidityDays, lot.Features ?? []),
                Clock.FromMs(lot.ExpiresAtMs), lot.LotId))
            .ToList();

    private sealed record Stored(
        [property: JsonPropertyName("bucket")] int Bucket,
        [property: JsonPropertyName("credits")] long Credits,
        [property: JsonPropertyName("validityDays"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ValidityDays,
        [property: JsonPropertyName("features"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string[]? Features,
        [property: JsonPropertyName("expiresAtMs"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? ExpiresAtMs,
        [property: JsonPropertyName("lotId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LotId);
}
