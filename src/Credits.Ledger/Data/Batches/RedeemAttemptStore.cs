using System.Data.Common;
using Credits.Ledger.GiftCodes;

namespace Credits.Ledger.Data.Batches;

/// <summary>
/// Failed-redemption counters as a batch entity: read by (account, minute) under the account's
/// lock; inserted on the minute's first failure and updated on later ones.
/// </summary>
internal sealed class RedeemAttemptStore : BatchEntityStore<RedeemAttemptsKey, RedeemAttempts>
{
    private const string Columns = "account_id, minute, failed";

    // One key per redeeming account: IN lists over the primary key's columns on both providers;
    // pairs the lists also match are dropped by the reader.
    protected override void AppendLoad(SqlText sql, DatabaseProvider provider, IReadOnlyList<RedeemAttemptsKey> keys) =>
        sql.Append($"SELECT {Columns} FROM gift_code_attempts WHERE account_id IN ")
            .List(keys.Select(key => key.AccountId).Distinct(StringComparer.Ordinal))
            .Append(" AND minute IN ").List(keys.Select(key => key.Minute).Distinct().Select(minute => (object)minute)).Append(";\n");

    protected override RedeemAttempts Read(DbDataReader reader) =>
        RedeemAttempts.Loaded(new RedeemAttemptsKey(reader.GetString(0), reader.GetInt64(1)), reader.GetInt32(2));

    protected override void AppendWrites(BatchWriteText write, IReadOnlyList<RedeemAttempts> created, IReadOnlyList<RedeemAttempts> changed)
    {
        foreach (var attempts in changed)
        {
            write.BeginUpdate().Append("UPDATE gift_code_attempts SET failed = ").Param(attempts.Failed)
                .Append(" WHERE account_id = ").Param(attempts.Key.AccountId).Append(" AND minute = ").Param(attempts.Key.Minute);
            write.EndUpdate();
        }
        write.Insert($"gift_code_attempts ({Columns})", created, attempts => [attempts.Key.AccountId, attempts.Key.Minute, attempts.Failed]);
    }
}
