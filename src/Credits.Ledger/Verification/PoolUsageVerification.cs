using Credits.Ledger.Data;
using Credits.Ledger.Data.Batches;
using Credits.Ledger.Holds;

namespace Credits.Ledger.Verification;

/// <summary>
/// Pool members' usage against their holds: for each pool, member and period, <c>pool_usage</c>
/// must hold exactly the amounts of the member's active holds reserved in that period, and the
/// committed credits of its committed ones; and a pool hold is marked active exactly while its hold is.
/// </summary>
internal static class PoolUsageVerification
{
    public static async Task<List<LedgerViolation>> CheckAsync(LedgerDb db, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var pools = ids.Where(id => id.StartsWith("org:", StringComparison.Ordinal)).ToList();
        var violations = new List<LedgerViolation>();
        if (pools.Count == 0)
        {
            return violations;
        }
        var expected = new Dictionary<(string Pool, string Member, long Start), (long Held, long Committed)>();
        var kept = new Dictionary<(string Pool, string Member, long Start), (long Held, long Committed)>();
        await ReadAsync(db, pools, "SELECT ph.pool_id, ph.member_id, ph.period_start, "
            + $"SUM(CASE WHEN h.state = {(int)HoldState.Active} THEN h.amount ELSE 0 END), SUM(h.committed), "
            + $"SUM(CASE WHEN (h.state = {(int)HoldState.Active}) <> (ph.active = 1) THEN 1 ELSE 0 END) "
            + "FROM pool_holds AS ph JOIN holds AS h ON h.hold_id = ph.hold_id WHERE ph.pool_id IN {0} "
            + "GROUP BY ph.pool_id, ph.member_id, ph.period_start", (key, reader) =>
            {
                expected[key] = (reader.GetInt64(3), reader.GetInt64(4));
                if (reader.GetInt64(5) > 0)
                {
                    violations.Add(new LedgerViolation(key.Pool, $"{reader.GetInt64(5)} pool holds of {key.Member} are marked active unlike their holds"));
                }
            }, cancellationToken);
        await ReadAsync(db, pools, "SELECT pool_id, member_id, period_start, held, committed, 0 FROM pool_usage WHERE pool_id IN {0}",
            (key, reader) => kept[key] = (reader.GetInt64(3), reader.GetInt64(4)), cancellationToken);
        foreach (var key in expected.Keys.Union(kept.Keys).Order())
        {
            var (held, committed) = kept.GetValueOrDefault(key);
            var (heldByHolds, committedByHolds) = expected.GetValueOrDefault(key);
            if (held != heldByHolds || committed != committedByHolds)
            {
                var start = DateTimeOffset.FromUnixTimeMilliseconds(key.Start);
                violations.Add(new LedgerViolation(key.Pool,
                    $"usage of {key.Member} in the period from {start:O} is {held} held and {committed} committed, "
                    + $"but its holds make {heldByHolds} held and {committedByHolds} committed"));
            }
        }
        return violations;
    }

    private static async Task ReadAsync(LedgerDb db, List<string> pools, string sqlFormat,
        Action<(string Pool, string Member, long Start), System.Data.Common.DbDataReader> read, CancellationToken cancellationToken)
    {
        var connection = await db.OpenDbConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = db.Transaction;
        var sql = new SqlText(command);
        var list = sql.ListText(pools);
        sql.Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, sqlFormat, list));
        await using var reader = await sql.Build().ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            read((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)), reader);
        }
    }
}
