using System.Data.Common;
using Credits.Ledger.Importing;

namespace Credits.Ledger.Data.Batches;

/// <summary>
/// Imported rows as a batch entity: read by (account, source id) in the batch's load, under the
/// account's lock, and inserted with the lot or note they made; the primary key makes a second
/// import of one row impossible even if two imports raced past the check.
/// </summary>
internal sealed class ImportedRowStore : BatchEntityStore<ImportedRowKey, ImportedRow>
{
    private const string Columns = "account_id, source_id, fingerprint, lot_id, imported_at_ms";

    protected override void AppendLoad(SqlText sql, DatabaseProvider provider, IReadOnlyList<ImportedRowKey> keys)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            // One primary-key probe per key, fenced like the batch's other reads (see BatchLoadQueries).
            sql.Append("SELECT found.* FROM unnest(").Param(keys.Select(key => key.AccountId).ToArray())
                .Append("::text[], ").Param(keys.Select(key => key.SourceId).ToArray())
                .Append($"::text[]) AS wanted(account_id, source_id) CROSS JOIN LATERAL (SELECT {Columns} ")
                .Append("FROM imported_rows AS i WHERE i.account_id = wanted.account_id AND i.source_id = wanted.source_id OFFSET 0) AS found;\n");
            return;
        }
        // SQLite: IN lists over the primary key's columns; pairs the lists also match are dropped by the reader.
        sql.Append($"SELECT {Columns} FROM imported_rows WHERE account_id IN ")
            .List(keys.Select(key => key.AccountId).Distinct(StringComparer.Ordinal))
            .Append(" AND source_id IN ").List(keys.Select(key => key.SourceId).Distinct(StringComparer.Ordinal)).Append(";\n");
    }

    protected override ImportedRow Read(DbDataReader reader) =>
        ImportedRow.Loaded(new ImportedRowKey(reader.GetString(0), reader.GetString(1)), reader.GetString(2), reader.GetString(3), reader.GetInt64(4));

    // Imported rows are never changed, only inserted.
    protected override void AppendWrites(BatchWriteText write, IReadOnlyList<ImportedRow> created, IReadOnlyList<ImportedRow> changed) =>
        write.Insert($"imported_rows ({Columns})", created, row => [row.Key.AccountId, row.Key.SourceId, row.Fingerprint, row.LotId, row.ImportedAtMs]);
}
