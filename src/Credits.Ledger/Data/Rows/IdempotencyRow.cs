using LinqToDB.Mapping;

namespace Credits.Ledger.Data.Rows;

/// <summary>A claimed idempotency key and the response it produced.</summary>
[Table("idempotency_keys")]
internal sealed class IdempotencyRow
{
    [Column("account_id"), PrimaryKey(0)] public string AccountId { get; set; } = "";
    [Column("caller"), PrimaryKey(1)] public string Caller { get; set; } = "";
    [Column("idempotency_key"), PrimaryKey(2)] public string IdempotencyKey { get; set; } = "";
    [Column("fingerprint")] public string Fingerprint { get; set; } = "";
    [Column("response_json")] public string ResponseJson { get; set; } = "";
    [Column("created_at_ms")] public long CreatedAtMs { get; set; }
    [Column("expires_at_ms")] public long ExpiresAtMs { get; set; }
}
