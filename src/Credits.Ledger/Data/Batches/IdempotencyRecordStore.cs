using System.Data.Common;
using Credits.Ledger.Idempotency;

namespace Credits.Ledger.Data.Batches;

/// <summary>
/// Idempotency records as a batch entity: read by their full key (account, caller, key) in the
/// batch's load, inserted when first claimed and updated when an expired key is claimed again.
/// </summary>
internal sealed class IdempotencyRecordStore : BatchEntityStore<IdempotencyKeyId, IdempotencyRecord>
{
    private const string Columns = "account_id, caller, idempotency_key, fingerprint, response_json, created_at_ms, expires_at_ms";

    protected override void AppendLoad(SqlText sql, DatabaseProvider provider, IReadOnlyList<IdempotencyKeyId> keys)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            // One primary-key probe per key, fenced like the batch's other reads (see BatchLoadQueries).
            sql.Append("SELECT found.* FROM unnest(").Param(keys.Select(key => key.AccountId).ToArray())
                .Append("::text[], ").Param(keys.Select(key => key.Caller).ToArray())
                .Append("::text[], ").Param(keys.Select(key => key.Key).ToArray())
                .Append($"::text[]) AS wanted(account_id, caller, idempotency_key) CROSS JOIN LATERAL (SELECT {Columns} ")
                .Append("FROM idempotency_keys AS k WHERE k.account_id = wanted.account_id AND k.caller = wanted.caller ")
                .Append("AND k.idempotency_key = wanted.idempotency_key OFFSET 0) AS found;\n");
            return;
        }
        // SQLite: IN lists over the primary key's leading columns are index lookups; rows of other
        // callers that the lists also match are dropped by the reader.
        sql.Append($"SELECT {Columns} FROM idempotency_keys WHERE account_id IN ")
            .List(keys.Select(key => key.AccountId).Distinct(StringComparer.Ordinal))
            .Append(" AND idempotency_key IN ").List(keys.Select(key => key.Key).Distinct(StringComparer.Ordinal)).Append(";\n");
    }

    protected override IdempotencyRecord Read(DbDataReader reader) => IdempotencyRecord.Loaded(
        new IdempotencyKeyId(reader.GetString(0), reader.GetString(1), reader.GetString(2)),
        reader.GetString(3), reader.GetString(4), reader.GetInt64(5), reader.GetInt64(6));

    protected override void AppendWrites(BatchWriteText write, IReadOnlyList<IdempotencyRecord> created, IReadOnlyList<IdempotencyRecord> changed)
    {
        foreach (var record in changed)
        {
            write.BeginUpdate().Append("UPDATE idempotency_keys SET fingerprint = ").Param(record.Fingerprint)
                .Append(", response_json = ").Param(record.ResponseJson)
                .Append(", created_at_ms = ").Param(record.CreatedAtMs)
                .Append(", expires_at_ms = ").Param(record.ExpiresAtMs)
                .Append(" WHERE account_id = ").Param(record.Key.AccountId).Append(" AND caller = ").Param(record.Key.Caller)
                .Append(" AND idempotency_key = ").Param(record.Key.Key);
            write.EndUpdate();
        }
        write.Insert($"idempotency_keys ({Columns})", created, record =>
            [record.Key.AccountId, record.Key.Caller, record.Key.Key, record.Fingerprint, record.ResponseJson, record.CreatedAtMs, record.ExpiresAtMs]);
    }
}
