using System.Data.Common;
using Credits.Ledger.Engine;
using Credits.Ledger.Referrals;

namespace Credits.Ledger.Data.Batches;

/// <summary>
/// Referral rows as a batch entity, keyed by account: read under the batch's account locks (every
/// key is an account the batch locks), inserted when an account first takes part, updated after.
/// </summary>
internal sealed class ReferralStore : BatchEntityStore<string, Referral>
{
    private const string Columns =
        "account_id, referred_by, applied_at_ms, state, paid, rewarded_at_ms, referred_count, reward_month, month_rewards";

    protected override void AppendLoad(SqlText sql, DatabaseProvider provider, IReadOnlyList<string> keys) =>
        sql.Append($"SELECT {Columns} FROM referrals WHERE account_id IN ").List(keys).Append(";\n");

    protected override Referral Read(DbDataReader reader) => Referral.Loaded(
        reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : Clock.FromMs(reader.GetInt64(2)),
        (ReferralState)reader.GetInt32(3), reader.GetInt32(4) != 0, reader.IsDBNull(5) ? null : Clock.FromMs(reader.GetInt64(5)),
        reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8));

    protected override void AppendWrites(BatchWriteText write, IReadOnlyList<Referral> created, IReadOnlyList<Referral> changed)
    {
        foreach (var row in changed)
        {
            write.BeginUpdate().Append("UPDATE referrals SET referred_by = ").Param(row.ReferredBy)
                .Append(", applied_at_ms = ").Param(Clock.ToMs(row.AppliedAt)).Append(", state = ").Param((int)row.State)
                .Append(", paid = ").Param(row.Paid ? 1 : 0).Append(", rewarded_at_ms = ").Param(Clock.ToMs(row.RewardedAt))
                .Append(", referred_count = ").Param(row.ReferredCount).Append(", reward_month = ").Param(row.RewardMonth)
                .Append(", month_rewards = ").Param(row.MonthRewards).Append(" WHERE account_id = ").Param(row.Key);
            write.EndUpdate();
        }
        write.Insert($"referrals ({Columns})", created, row =>
        [
            row.Key, row.ReferredBy, Clock.ToMs(row.AppliedAt), (int)row.State, row.Paid ? 1 : 0, Clock.ToMs(row.RewardedAt),
            row.ReferredCount, row.RewardMonth, row.MonthRewards,
        ]);
    }
}
