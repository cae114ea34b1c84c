using System.Data.Common;
using Credits.Ledger.Lots;

namespace Credits.Ledger.Data.Batches;

/// <summary>
/// Payment grants as a batch entity: read by (account, reference) in the batch's load, under the
/// account's lock, and inserted with the grant's lot; the primary key makes a second grant for one
/// payment impossible even if two batches raced past the check.
/// </summary>
internal sealed class PaymentGrantStore : BatchEntityStore<PaymentGrantKey, PaymentGrant>
{
    private const string Columns = "account_id, reference, lot_id, created_at_ms";

    protected override void AppendLoad(SqlText sql, DatabaseProvider provider, IReadOnlyList<PaymentGrantKey> keys)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            // One primary-key probe per key, fenced like the batch's other reads (see BatchLoadQueries).
            sql.Append("SELECT found.* FROM unnest(").Param(keys.Select(key => key.AccountId).ToArray())
                .Append("::text[], ").Param(keys.Select(key => key.Reference).ToArray())
                .Append($"::text[]) AS wanted(account_id, reference) CROSS JOIN LATERAL (SELECT {Columns} ")
                .Append("FROM payment_grants AS g WHERE g.account_id = wanted.account_id AND g.reference = wanted.reference OFFSET 0) AS found;\n");
            return;
        }
        // SQLite: IN lists over the primary key's columns; pairs the lists also match are dropped by the reader.
        sql.Append($"SELECT {Columns} FROM payment_grants WHERE account_id IN ")
            .List(keys.Select(key => key.AccountId).Distinct(StringComparer.Ordinal))
            .Append(" AND reference IN ").List(keys.Select(key => key.Reference).Distinct(StringComparer.Ordinal)).Append(";\n");
    }

    protected override PaymentGrant Read(DbDataReader reader) =>
        PaymentGrant.Loaded(new PaymentGrantKey(reader.GetString(0), reader.GetString(1)), reader.GetString(2), reader.GetInt64(3));

    // Grants are never changed, only inserted.
    protected override void AppendWrites(BatchWriteText write, IReadOnlyList<PaymentGrant> created, IReadOnlyList<PaymentGrant> changed) =>
        write.Insert($"payment_grants ({Columns})", created, grant => [grant.Key.AccountId, grant.Key.Reference, grant.LotId, grant.CreatedAtMs]);
}
