using System.Data.Common;
using Credits.Ledger.Pools;

namespace Credits.Ledger.Data.Batches;

/// <summary>
/// Member usage per period as a batch entity: the rows a reserve names (its member's, one key per
/// period kind, as the member's period is known only after the load), and the rows every pool hold
/// in the batch's scope counts in, so that a commit, release or expiry can return to them.
/// </summary>
internal sealed class PoolUsageStore : BatchEntityStore<PoolUsageKey, PoolUsage>
{
    private const string Columns = "pool_id, member_id, period_start, held, committed";

    protected override BatchScope? ScopeOf(LoadRequest request) => PoolScopeSql.Of(request);

    protected override void AppendLoad(SqlText sql, DatabaseProvider provider, IReadOnlyList<PoolUsageKey> keys) =>
        AppendScopedLoad(sql, provider, keys, new BatchScope([], []));

    protected override void AppendScopedLoad(SqlText sql, DatabaseProvider provider, IReadOnlyList<PoolUsageKey> keys, BatchScope scope)
    {
        var counted = PoolScopeSql.Holds(sql, provider, scope);
        var usage = provider == DatabaseProvider.Postgres
            ? $"SELECT found.* FROM ({counted}) AS counted CROSS JOIN LATERAL (SELECT {Columns} FROM pool_usage AS u "
              + "WHERE u.pool_id = counted.pool_id AND u.member_id = counted.member_id AND u.period_start = counted.period_start OFFSET 0) AS found"
            : $"SELECT {string.Join(", ", Columns.Split(", ").Select(column => "u." + column))} FROM pool_usage AS u JOIN ({counted}) AS counted "
              + "ON u.pool_id = counted.pool_id AND u.member_id = counted.member_id AND u.period_start = counted.period_start";
        sql.Append(usage);
        if (keys.Count > 0)
        {
            sql.Append(" UNION ALL ");
            if (provider == DatabaseProvider.Postgres)
            {
                sql.Append("SELECT found.* FROM unnest(").Param(keys.Select(key => key.PoolId).ToArray())
                    .Append("::text[], ").Param(keys.Select(key => key.MemberId).ToArray())
                    .Append("::text[], ").Param(keys.Select(key => key.PeriodStart).ToArray())
                    .Append($"::bigint[]) AS wanted(pool_id, member_id, period_start) CROSS JOIN LATERAL (SELECT {Columns} FROM pool_usage AS u ")
                    .Append("WHERE u.pool_id = wanted.pool_id AND u.member_id = wanted.member_id AND u.period_start = wanted.period_start OFFSET 0) AS found");
            }
            else
            {
                sql.Append($"SELECT {Columns} FROM pool_usage WHERE (pool_id, member_id, period_start) IN (VALUES ");
                for (var i = 0; i < keys.Count; i++)
                {
                    sql.Row(i == 0, keys[i].PoolId, keys[i].MemberId, keys[i].PeriodStart);
                }
                sql.Append(")");
            }
        }
        sql.Append(";\n");
    }

    protected override PoolUsage Read(DbDataReader reader) =>
        PoolUsage.Loaded(new PoolUsageKey(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)), reader.GetInt64(3), reader.GetInt64(4));

    protected override void AppendWrites(BatchWriteText write, IReadOnlyList<PoolUsage> created, IReadOnlyList<PoolUsage> changed)
    {
        foreach (var usage in changed)
        {
            write.BeginUpdate().Append("UPDATE pool_usage SET held = ").Param(usage.Held).Append(", committed = ").Param(usage.Committed)
                .Append(" WHERE pool_id = ").Param(usage.Key.PoolId).Append(" AND member_id = ").Param(usage.Key.MemberId)
                .Append(" AND period_start = ").Param(usage.Key.PeriodStart);
            write.EndUpdate();
        }
        write.Insert($"pool_usage ({Columns})", created, usage => [usage.Key.PoolId, usage.Key.MemberId, usage.Key.PeriodStart, usage.Held, usage.Committed]);
    }
}
