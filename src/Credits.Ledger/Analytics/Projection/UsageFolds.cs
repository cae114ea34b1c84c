using System.Data.Common;
using Credits.Ledger.Data;
using Credits.Ledger.Data.Batches;
using Credits.Ledger.Journal;

namespace Credits.Ledger.Analytics.Projection;

/// <summary>
/// The usage projector's SQL, one transaction per call. Every fold moves the account's checkpoint
/// in the same transaction as the aggregates it adds, and only from where the fold began, so a
/// fold retried after a crash, run twice, or raced by another instance adds nothing twice.
/// </summary>
internal static class UsageFolds
{
    private const int RowsPerStatementMax = 200;

    private const string UsageUpsert =
        "INSERT INTO usage_daily (account_id, day, feature, credits, operations) ";

    private const string MemberUpsert =
        "INSERT INTO pool_usage_daily (pool_id, day, member_id, feature, credits, operations) ";

    private const string MemberOnConflict =
        " ON CONFLICT (pool_id, day, member_id, feature) DO UPDATE SET credits = pool_usage_daily.credits + excluded.credits, " +
        "operations = pool_usage_daily.operations + excluded.operations;\n";

    private const string UsageOnConflict =
        " ON CONFLICT (account_id, day, feature) DO UPDATE SET credits = usage_daily.credits + excluded.credits, " +
        "operations = usage_daily.operations + excluded.operations;\n";

    /// <summary>
    /// Folds blocks known from this process's batches. A block is folded only where the stored
    /// checkpoint is exactly its <c>From</c> (or absent and <c>From</c> is 0); returns the accounts
    /// whose block did not follow, which must be read back from the journal.
    /// </summary>
    public static async Task<List<string>> FoldBlocksAsync(DbConnection connection, DbTransaction transaction, DatabaseProvider provider,
        IReadOnlyList<UsageBlock> blocks, CancellationToken cancellationToken)
    {
        var folded = new HashSet<string>(StringComparer.Ordinal);
        var chunks = provider == DatabaseProvider.Postgres ? [] : blocks.Chunk(RowsPerStatementMax);
        if (provider == DatabaseProvider.Postgres)
        {
            await using var command = Command(connection, transaction);
            await using var reader = await UsageFoldArrays.MoveCheckpoints(command, blocks).ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                folded.Add(reader.GetString(0));
            }
        }
        foreach (var chunk in chunks)
        {
            await using var command = Command(connection, transaction);
            var sql = new SqlText(command);
            sql.Append("INSERT INTO usage_checkpoints (account_id, sequence, previous_sequence) SELECT v.column1, v.column3, v.column2 FROM (VALUES ");
            for (var i = 0; i < chunk.Length; i++)
            {
                sql.Row(i == 0, chunk[i].AccountId, chunk[i].From, chunk[i].To);
            }
            // A missing checkpoint means nothing folded yet: only a block from the account's first entry may start it.
            sql.Append(") AS v WHERE v.column2 = 0 OR EXISTS (SELECT 1 FROM usage_checkpoints c WHERE c.account_id = v.column1)")
                .Append(" ON CONFLICT (account_id) DO UPDATE SET sequence = excluded.sequence, previous_sequence = excluded.previous_sequence")
                .Append(" WHERE usage_checkpoints.sequence = excluded.previous_sequence RETURNING account_id");
            await using var reader = await sql.Build().ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                folded.Add(reader.GetString(0));
            }
        }
        await UpsertAsync(connection, transaction, provider,
            blocks.Where(block => folded.Contains(block.AccountId)).Select(block => (block.AccountId, block.Tally!)), cancellationToken);
        return blocks.Select(block => block.AccountId).Where(accountId => !folded.Contains(accountId)).ToList();
    }

    /// <summary>
    /// Folds everything the journal holds past each account's checkpoint, and moves the checkpoint
    /// to the last entry folded. The checkpoints are locked first (created at 0 where missing), so
    /// two instances reading back one account take turns. Returns the entries folded.
    /// </summary>
    public static async Task<long> ReplayAsync(DbConnection connection, DbTransaction transaction, DatabaseProvider provider,
        IReadOnlyList<string> accountIds, CancellationToken cancellationToken)
    {
        await using (var command = Command(connection, transaction))
        {
            var sql = new SqlText(command);
            sql.Append("INSERT INTO usage_checkpoints (account_id, sequence, previous_sequence) VALUES ");
            for (var i = 0; i < accountIds.Count; i++)
            {
                sql.Row(i == 0, accountIds[i], 0L, 0L);
            }
            sql.Append(" ON CONFLICT (account_id) DO NOTHING;\n");
            sql.Append("SELECT account_id FROM usage_checkpoints WHERE account_id IN ").List(accountIds)
                .Append(" ORDER BY account_id").Append(provider == DatabaseProvider.Postgres ? " FOR UPDATE" : "").Append(";\n");
            await sql.Build().ExecuteNonQueryAsync(cancellationToken);
        }

        var tallies = new Dictionary<string, (UsageTally Tally, long Last)>(StringComparer.Ordinal);
        long entries = 0;
        await using (var command = Command(connection, transaction))
        {
            // One account's entries commit in sequence order, so what this reads is a prefix of
            // its journal: folding all of it and checkpointing at its last entry misses nothing.
            var sql = new SqlText(command);
            sql.Append("SELECT j.account_id, j.sequence, j.kind, j.amount, j.feature, j.created_at_ms, h.ended_at_ms, ph.member_id FROM journal j")
                .Append(" JOIN usage_checkpoints c ON c.account_id = j.account_id")
                .Append(" LEFT JOIN pool_holds ph ON ph.hold_id = j.hold_id AND ph.pool_id = j.account_id")
                .Append(" LEFT JOIN holds h ON j.kind = ").Param((int)EntryKind.Refund)
                .Append(" AND h.account_id = j.account_id AND h.hold_id = j.hold_id")
                .Append(" WHERE j.account_id IN ").List(accountIds)
                .Append(" AND j.sequence > c.sequence AND j.kind IN (").Param((int)EntryKind.Commit).Append(", ").Param((int)EntryKind.Refund).Append(")");
            await using var reader = await sql.Build().ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var accountId = reader.GetString(0);
                var (tally, last) = tallies.GetValueOrDefault(accountId);
                tally ??= new UsageTally();
                var sequence = reader.GetInt64(1);
                var member = reader.IsDBNull(7) ? "" : reader.GetString(7);
                if ((EntryKind)reader.GetInt32(2) == EntryKind.Commit)
                {
                    tally.AddCommit(reader.GetInt64(5), reader.GetString(4), reader.GetInt64(3), member);
                }
                else
                {
                    var committedAt = reader.IsDBNull(6)
                        ? throw new InvalidOperationException($"Refund entry {accountId}#{sequence} names a hold that has not ended.")
                        : reader.GetInt64(6);
                    tally.AddRefund(committedAt, reader.GetString(4), reader.GetInt64(3), member);
                }
                tallies[accountId] = (tally, Math.Max(last, sequence));
                entries++;
            }
        }
        if (tallies.Count == 0)
        {
            return 0;
        }
        var ordered = tallies.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToList();
        await using (var command = Command(connection, transaction))
        {
            var sql = new SqlText(command);
            foreach (var chunk in ordered.Chunk(RowsPerStatementMax))
            {
                sql.Append("INSERT INTO usage_checkpoints (account_id, sequence, previous_sequence) VALUES ");
                for (var i = 0; i < chunk.Length; i++)
                {
                    sql.Row(i == 0, chunk[i].Key, chunk[i].Value.Last, 0L);
                }
                sql.Append(" ON CONFLICT (account_id) DO UPDATE SET previous_sequence = usage_checkpoints.sequence, sequence = excluded.sequence;\n");
            }
            await sql.Build().ExecuteNonQueryAsync(cancellationToken);
        }
        await UpsertAsync(connection, transaction, provider, ordered.Select(pair => (pair.Key, pair.Value.Tally)), cancellationToken);
        return entries;
    }

    /// <summary>Accounts after <paramref name="after"/> (by id) whose last counted entry is past their checkpoint.</summary>
    public static async Task<List<string>> BehindAsync(DbConnection connection, string after, int limit, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null);
        var sql = new SqlText(command);
        sql.Append("SELECT a.account_id FROM accounts a LEFT JOIN usage_checkpoints c ON c.account_id = a.account_id")
            .Append(" WHERE a.account_id > ").Param(after)
            .Append(" AND a.last_usage_sequence > COALESCE(c.sequence, 0) ORDER BY a.account_id LIMIT ").Param(limit);
        var behind = new List<string>();
        await using var reader = await sql.Build().ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            behind.Add(reader.GetString(0));
        }
        return behind;
    }

    private static async Task UpsertAsync(DbConnection connection, DbTransaction transaction, DatabaseProvider provider,
        IEnumerable<(string AccountId, UsageTally Tally)> tallies, CancellationToken cancellationToken)
    {
        // Sorted, so two instances' folds lock rows in one order and never deadlock. An account's
        // row sums its members; a pool member's row is kept apart as well.
        var days = tallies
            .SelectMany(pair => pair.Tally.Days.Select(day => (pair.AccountId, day.Key.Day, day.Key.Feature, day.Key.Member, day.Value.Credits, day.Value.Operations)))
            .ToList();
        var accountRows = days
            .GroupBy(day => (day.AccountId, day.Day, day.Feature))
            .Select(group => new object[] { group.Key.AccountId, group.Key.Day, group.Key.Feature, group.Sum(day => day.Credits), group.Sum(day => day.Operations) })
            .OrderBy(row => (string)row[0], StringComparer.Ordinal).ThenBy(row => (long)row[1]).ThenBy(row => (string)row[2], StringComparer.Ordinal)
            .ToList();
        var memberRows = days.Where(day => day.Member.Length > 0)
            .Select(day => new object[] { day.AccountId, day.Day, day.Member, day.Feature, day.Credits, day.Operations })
            .OrderBy(row => (string)row[0], StringComparer.Ordinal).ThenBy(row => (long)row[1]).ThenBy(row => (string)row[2], StringComparer.Ordinal)
            .ThenBy(row => (string)row[3], StringComparer.Ordinal)
            .ToList();
        if (provider == DatabaseProvider.Postgres)
        {
            await UsageFoldArrays.UpsertAsync(Command(connection, transaction), UsageUpsert, UsageOnConflict, accountRows, cancellationToken);
            await UsageFoldArrays.UpsertAsync(Command(connection, transaction), MemberUpsert, MemberOnConflict, memberRows, cancellationToken);
            return;
        }
        await UpsertRowsAsync(connection, transaction, UsageUpsert, UsageOnConflict, accountRows, cancellationToken);
        await UpsertRowsAsync(connection, transaction, MemberUpsert, MemberOnConflict, memberRows, cancellationToken);
    }

    private static async Task UpsertRowsAsync(DbConnection connection, DbTransaction transaction, string insert, string onConflict,
        List<object[]> rows, CancellationToken cancellationToken)
    {
        foreach (var chunk in rows.Chunk(RowsPerStatementMax))
        {
            await using var command = Command(connection, transaction);
            var sql = new SqlText(command);
            sql.Append(insert).Append("VALUES ");
            for (var i = 0; i < chunk.Length; i++)
            {
                sql.Row(i == 0, chunk[i]);
            }
            sql.Append(onConflict);
            await sql.Build().ExecuteNonQueryAsync(cancellationToken);
        }
    }

    internal static DbCommand Command(DbConnection connection, DbTransaction? transaction)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        return command;
    }
}
