using System.Data.Common;
using Credits.Ledger.Data.Batches;

namespace Credits.Ledger.Analytics.Projection;

/// <summary>
/// The usage projector's writes on PostgreSQL: each column travels as one array parameter and the
/// rows come out of <c>unnest</c>, so a fold of a thousand accounts is one short statement with a
/// handful of parameters. The multi-row VALUES form (SQLite's) sent up to 1,000 parameters per
/// statement and a statement text PostgreSQL had to parse and plan afresh for every row count;
/// with 10,000 accounts each committing once in a fold, that cost about as much again as the rows.
/// </summary>
internal static class UsageFoldArrays
{
    /// <summary>
    /// The guarded checkpoint move of <see cref="UsageFolds.FoldBlocksAsync"/>: returns the
    /// accounts whose stored checkpoint was exactly their block's <c>From</c>.
    /// </summary>
    public static DbCommand MoveCheckpoints(DbCommand command, IReadOnlyList<UsageBlock> blocks)
    {
        var sql = new SqlText(command);
        sql.Append("INSERT INTO usage_checkpoints (account_id, sequence, previous_sequence) SELECT v.account_id, v.to_sequence, v.from_sequence FROM unnest(")
            .Param(blocks.Select(block => block.AccountId).ToArray()).Append("::text[], ")
            .Param(blocks.Select(block => block.From).ToArray()).Append("::bigint[], ")
            .Param(blocks.Select(block => block.To).ToArray()).Append("::bigint[]) AS v(account_id, from_sequence, to_sequence)")
            // A missing checkpoint means nothing folded yet: only a block from the account's first entry may start it.
            .Append(" WHERE v.from_sequence = 0 OR EXISTS (SELECT 1 FROM usage_checkpoints c WHERE c.account_id = v.account_id)")
            .Append(" ON CONFLICT (account_id) DO UPDATE SET sequence = excluded.sequence, previous_sequence = excluded.previous_sequence")
            .Append(" WHERE usage_checkpoints.sequence = excluded.previous_sequence RETURNING account_id");
        return sql.Build();
    }

    /// <summary>
    /// <paramref name="insert"/> (<c>INSERT INTO table (columns) </c>) of <paramref name="rows"/>,
    /// whose cells are strings or longs, then <paramref name="onConflict"/>. Rows keep their order,
    /// so concurrent folds lock rows in one order.
    /// </summary>
    public static async Task UpsertAsync(DbCommand command, string insert, string onConflict, List<object[]> rows,
        CancellationToken cancellationToken)
    {
        await using (command)
        {
            if (rows.Count == 0)
            {
                return;
            }
            var sql = new SqlText(command);
            sql.Append(insert).Append("SELECT * FROM unnest(");
            for (var column = 0; column < rows[0].Length; column++)
            {
                var index = column;
                if (column > 0)
                {
                    sql.Append(", ");
                }
                if (rows[0][column] is string)
                {
                    sql.Param(rows.Select(row => (string)row[index]).ToArray()).Append("::text[]");
                }
                else
                {
                    sql.Param(rows.Select(row => (long)row[index]).ToArray()).Append("::bigint[]");
                }
            }
            sql.Append(")").Append(onConflict);
            await sql.Build().ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
