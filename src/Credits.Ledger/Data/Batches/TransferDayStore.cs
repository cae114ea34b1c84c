using System.Data.Common;
using Credits.Ledger.Transfers;

namespace Credits.Ledger.Data.Batches;

/// <summary>
/// Daily transfer counters as a batch entity: read by (sender, day) in the batch's load, under the
/// sender's lock; inserted on the sender's first transfer of the day and updated on later ones.
/// </summary>
internal sealed class TransferDayStore : BatchEntityStore<TransferDayKey, TransferDay>
{
    private const string Columns = "account_id, day, sent";

    protected override void AppendLoad(SqlText sql, DatabaseProvider provider, IReadOnlyList<TransferDayKey> keys)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            // One primary-key probe per key, fenced like the batch's other reads (see BatchLoadQueries).
            sql.Append("SELECT found.* FROM unnest(").Param(keys.Select(key => key.AccountId).ToArray())
                .Append("::text[], ").Param(keys.Select(key => key.Day).ToArray())
                .Append($"::bigint[]) AS wanted(account_id, day) CROSS JOIN LATERAL (SELECT {Columns} ")
                .Append("FROM transfer_days AS t WHERE t.account_id = wanted.account_id AND t.day = wanted.day OFFSET 0) AS found;\n");
            return;
        }
        // SQLite: IN lists over the primary key's columns; pairs the lists also match are dropped by the reader.
        sql.Append($"SELECT {Columns} FROM transfer_days WHERE account_id IN ")
            .List(keys.Select(key => key.AccountId).Distinct(StringComparer.Ordinal))
            .Append(" AND day IN ").List(keys.Select(key => key.Day).Distinct().Select(day => (object)day)).Append(";\n");
    }

    protected override TransferDay Read(DbDataReader reader) =>
        TransferDay.Loaded(new TransferDayKey(reader.GetString(0), reader.GetInt64(1)), reader.GetInt64(2));

    protected override void AppendWrites(BatchWriteText write, IReadOnlyList<TransferDay> created, IReadOnlyList<TransferDay> changed)
    {
        foreach (var day in changed)
        {
            write.BeginUpdate().Append("UPDATE transfer_days SET sent = ").Param(day.Sent)
                .Append(" WHERE account_id = ").Param(day.Key.AccountId).Append(" AND day = ").Param(day.Key.Day);
            write.EndUpdate();
        }
        write.Insert($"transfer_days ({Columns})", created, day => [day.Key.AccountId, day.Key.Day, day.Sent]);
    }
}
