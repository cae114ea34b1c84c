using LinqToDB.Mapping;

namespace Credits.Ledger.Data.Rows;

[Table("api_keys")]
internal sealed class ApiKeyRow
{
    [Column("key_id"), PrimaryKey] public string KeyId { get; set; } = "";
    [Column("name")] public string Name { get; set; } = "";
    [Column("sha256")] public string Sha256 { get; set; } = "";
    // Space-separated: scope names contain no spaces, and one column keeps the table flat.
    [Column("scopes")] public string Scopes { get; set; } = "";
    [Column("created_at_ms")] public long CreatedAtMs { get; set; }
    [Column("created_by")] public string CreatedBy { get; set; } = "";
    [Column("revoked_at_ms"), Nullable] public long? RevokedAtMs { get; set; }
    [Column("revoked_by"), Nullable] public string? RevokedBy { get; set; }
}
