using LinqToDB.Mapping;

namespace Credits.Ledger.Data.Rows;

[Table("offer_claims")]
internal sealed class OfferClaimRow
{
    [Column("account_id"), PrimaryKey(0)] public string AccountId { get; set; } = "";
    [Column("pack_id"), PrimaryKey(1)] public string PackId { get; set; } = "";
    [Column("slot"), PrimaryKey(2)] public int Slot { get; set; }
    [Column("claim_key")] public string ClaimKey { get; set; } = "";
    [Column("session_id"), Nullable] public string? SessionId { get; set; }
    [Column("paid")] public int Paid { get; set; }
    [Column("claimed_at_ms")] public long ClaimedAtMs { get; set; }
    [Column("expires_at_ms")] public long ExpiresAtMs { get; set; }
}
