using System.Data.Common;
using Credits.Ledger.Pools;

namespace Credits.Ledger.Data.Batches;

/// <summary>Pool members as a batch entity: read by (pool, member) under the pool's lock.</summary>
internal sealed class PoolMemberStore : BatchEntityStore<PoolMemberKey, PoolMember>
{
    public const string Columns = "pool_id, member_id, limit_credits, period, role, added_at_ms, removed_at_ms";

    protected override void AppendLoad(SqlText sql, DatabaseProvider provider, IReadOnlyList<PoolMemberKey> keys)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            sql.Append("SELECT found.* FROM unnest(").Param(keys.Select(key => key.PoolId).ToArray())
                .Append("::text[], ").Param(keys.Select(key => key.MemberId).ToArray())
                .Append($"::text[]) AS wanted(pool_id, member_id) CROSS JOIN LATERAL (SELECT {Columns} FROM pool_members AS m ")
                .Append("WHERE m.pool_id = wanted.pool_id AND m.member_id = wanted.member_id OFFSET 0) AS found;\n");
            return;
        }
        sql.Append($"SELECT {Columns} FROM pool_members WHERE (pool_id, member_id) IN (VALUES ");
        for (var i = 0; i < keys.Count; i++)
        {
            sql.Row(i == 0, keys[i].PoolId, keys[i].MemberId);
        }
        sql.Append(");\n");
    }

    protected override PoolMember Read(DbDataReader reader) => PoolMember.Loaded(
        new PoolMemberKey(reader.GetString(0), reader.GetString(1)),
        reader.IsDBNull(2) ? null : reader.GetInt64(2),
        (PoolPeriod)reader.GetInt32(3),
        (PoolRole)reader.GetInt32(4),
        reader.GetInt64(5),
        reader.IsDBNull(6) ? null : reader.GetInt64(6));

    protected override void AppendWrites(BatchWriteText write, IReadOnlyList<PoolMember> created, IReadOnlyList<PoolMember> changed)
    {
        foreach (var member in changed)
        {
            write.BeginUpdate().Append("UPDATE pool_members SET limit_credits = ").Param(member.Limit)
                .Append(", period = ").Param((int)member.Period).Append(", role = ").Param((int)member.Role)
                .Append(", added_at_ms = ").Param(member.AddedAtMs).Append(", removed_at_ms = ").Param(member.RemovedAtMs)
                .Append(" WHERE pool_id = ").Param(member.Key.PoolId).Append(" AND member_id = ").Param(member.Key.MemberId);
            write.EndUpdate();
        }
        write.Insert($"pool_members ({Columns})", created, member =>
            [member.Key.PoolId, member.Key.MemberId, member.Limit, (int)member.Period, (int)member.Role, member.AddedAtMs, member.RemovedAtMs]);
    }
}
