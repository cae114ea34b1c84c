using System.Data.Common;
using Credits.Ledger.Pools;

namespace Credits.Ledger.Data.Batches;

/// <summary>Pool policies as a batch entity: read by pool id under the pool's lock.</summary>
internal sealed class PoolPolicyStore : BatchEntityStore<string, PoolPolicy>
{
    private const string Columns = "pool_id, fallback, updated_at_ms";

    protected override void AppendLoad(SqlText sql, DatabaseProvider provider, IReadOnlyList<string> keys)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            sql.Append("SELECT found.* FROM unnest(").Param(keys.ToArray())
                .Append($"::text[]) AS wanted(pool_id) CROSS JOIN LATERAL (SELECT {Columns} FROM pool_policies AS p ")
                .Append("WHERE p.pool_id = wanted.pool_id OFFSET 0) AS found;\n");
            return;
        }
        sql.Append($"SELECT {Columns} FROM pool_policies WHERE pool_id IN ").List(keys.Distinct(StringComparer.Ordinal)).Append(";\n");
    }

    protected override PoolPolicy Read(DbDataReader reader) =>
        PoolPolicy.Loaded(reader.GetString(0), (PoolFallback)reader.GetInt32(1), reader.GetInt64(2));

    protected override void AppendWrites(BatchWriteText write, IReadOnlyList<PoolPolicy> created, IReadOnlyList<PoolPolicy> changed)
    {
        foreach (var policy in changed)
        {
            write.BeginUpdate().Append("UPDATE pool_policies SET fallback = ").Param((int)policy.Fallback)
                .Append(", updated_at_ms = ").Param(policy.UpdatedAtMs).Append(" WHERE pool_id = ").Param(policy.Key);
            write.EndUpdate();
        }
        write.Insert($"pool_policies ({Columns})", created, policy => [policy.Key, (int)policy.Fallback, policy.UpdatedAtMs]);
    }
}
