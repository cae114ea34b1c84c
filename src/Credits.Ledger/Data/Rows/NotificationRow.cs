using LinqToDB.Mapping;

namespace Credits.Ledger.Data.Rows;

/// <summary>A notification (see <see cref="Notifications.AccountNotification"/>), written in the transaction of the change that caused it.</summary>
[Table("notifications")]
internal sealed class NotificationRow
{
    [Column("account_id"), PrimaryKey(0)] public string AccountId { get; set; } = "";
    [Column("sequence"), PrimaryKey(1)] public long Sequence { get; set; }
    [Column("kind")] public int Kind { get; set; }
    [Column("threshold_percent")] public int ThresholdPercent { get; set; }
    [Column("balance")] public long Balance { get; set; }
    [Column("top_up_balance")] public long TopUpBalance { get; set; }
    [Column("journal_sequence")] public long JournalSequence { get; set; }
    [Column("created_at_ms")] public long CreatedAtMs { get; set; }
    [Column("read")] public int Read { get; set; }
    [Column("lot_id")] public string LotId { get; set; } = "";
    [Column("amount")] public long Amount { get; set; }
    [Column("expires_at_ms"), Nullable] public long? ExpiresAtMs { get; set; }
    [Column("rollover_amount")] public long RolloverAmount { get; set; }
    [Column("days_before")] public int DaysBefore { get; set; }
    [Column("channels")] public int Channels { get; set; }
    [Column("run_out_at_ms"), Nullable] public long? RunOutAtMs { get; set; }
    [Column("suggested_pack_id")] public string SuggestedPackId { get; set; } = "";
    [Column("purchase_url")] public string PurchaseUrl { get; set; } = "";
}
