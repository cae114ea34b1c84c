using System.Data.Common;
using Credits.Ledger.Pools;

namespace Credits.Ledger.Data.Batches;

/// <summary>
/// Pool holds as a batch entity, scoped by the batch's pools (<see cref="PoolScopeSql"/>): inserted
/// by a reserve on behalf of a member, ended when the hold ends.
/// </summary>
internal sealed class PoolHoldStore : BatchEntityStore<string, PoolHold>
{
    protected override BatchScope? ScopeOf(LoadRequest request) => PoolScopeSql.Of(request);

    // Rules never name pool holds by key: they come with the scope.
    protected override void AppendLoad(SqlText sql, DatabaseProvider provider, IReadOnlyList<string> keys) =>
        throw new InvalidOperationException("Pool holds are read by the batch's scope only.");

    protected override void AppendScopedLoad(SqlText sql, DatabaseProvider provider, IReadOnlyList<string> keys, BatchScope scope) =>
        sql.Append(PoolScopeSql.Holds(sql, provider, scope)).Append(";\n");

    protected override PoolHold Read(DbDataReader reader) =>
        PoolHold.Loaded(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt32(4) == 1);

    protected override void AppendWrites(BatchWriteText write, IReadOnlyList<PoolHold> created, IReadOnlyList<PoolHold> changed)
    {
        // A hold reserved and ended in the same batch is inserted ended.
        write.Insert($"pool_holds ({PoolScopeSql.HoldColumns})", created,
            hold => [hold.Key, hold.PoolId, hold.MemberId, hold.PeriodStart, hold.IsActive ? 1 : 0]);
        foreach (var hold in changed)
        {
            write.BeginUpdate().Append("UPDATE pool_holds SET active = ").Param(hold.IsActive ? 1 : 0)
                .Append(" WHERE hold_id = ").Param(hold.Key);
            write.EndUpdate();
        }
    }
}
