using LinqToDB.Mapping;

namespace Credits.Ledger.Data.Rows;

[Table("payment_refunds")]
internal sealed class PaymentRefundRow
{
    [Column("payment_id"), PrimaryKey(0)] public string PaymentId { get; set; } = "";
    [Column("refund_id"), PrimaryKey(1)] public string RefundId { get; set; } = "";
    [Column("amount")] public long Amount { get; set; }
    [Column("status")] public int Status { get; set; }
    [Column("state")] public int State { get; set; }
    [Column("claw_credits")] public long ClawCredits { get; set; }
    [Column("claw_bonus")] public long ClawBonus { get; set; }
    [Column("created_at_ms")] public long CreatedAtMs { get; set; }
    [Column("updated_at_ms")] public long UpdatedAtMs { get; set; }
}
