using Credits.Ledger.Data.Rows;
using LinqToDB;
using LinqToDB.Data;

namespace Credits.Ledger.Data;

/// <summary>One connection to the ledger's database, with its tables.</summary>
internal sealed class LedgerDb(DataOptions options) : DataConnection(options)
{
    public ITable<AccountRow> Accounts => this.GetTable<AccountRow>();
    public ITable<LotRow> Lots => this.GetTable<LotRow>();
    public ITable<HoldRow> Holds => this.GetTable<HoldRow>();
    public ITable<JournalRow> Journal => this.GetTable<JournalRow>();
    public ITable<IdempotencyRow> IdempotencyKeys => this.GetTable<IdempotencyRow>();
    public ITable<ClawbackRow> Clawbacks => this.GetTable<ClawbackRow>();
    public ITable<OutboxRow> Outbox => this.GetTable<OutboxRow>();
    public ITable<ApiKeyRow> ApiKeys => this.GetTable<ApiKeyRow>();
    public ITable<UsageDailyRow> UsageDaily => this.GetTable<UsageDailyRow>();
    public ITable<UsageCheckpointRow> UsageCheckpoints => this.GetTable<UsageCheckpointRow>();
    public ITable<PoolUsageDailyRow> PoolUsageDaily => this.GetTable<PoolUsageDailyRow>();
    public ITable<PoolHoldRow> PoolHolds => this.GetTable<PoolHoldRow>();
    public ITable<NotificationRow> Notifications => this.GetTable<NotificationRow>();
    public ITable<LeaderboardEntrantRow> LeaderboardEntrants => this.GetTable<LeaderboardEntrantRow>();
    public ITable<GiftCodeRow> GiftCodes => this.GetTable<GiftCodeRow>();
    public ITable<WebhookDeliveryRow> WebhookDeliveries => this.GetTable<WebhookDeliveryRow>();
    public ITable<WebhookEndpointRow> WebhookEndpoints => this.GetTable<WebhookEndpointRow>();
}
