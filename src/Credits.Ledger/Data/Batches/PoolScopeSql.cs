using Credits.Ledger.Accounts;

namespace Credits.Ledger.Data.Batches;

/// <summary>
/// The pool holds a batch must see: the live ones of every pool it locks (named <c>org:</c>
/// accounts, and the pools owning the holds it names), since the batch's catch-up may expire any of
/// them, and the named ones whatever their state. Shared by <see cref="PoolHoldStore"/> and
/// <see cref="PoolUsageStore"/>, which reads the usage rows those holds count in.
/// </summary>
internal static class PoolScopeSql
{
    public const string HoldColumns = "hold_id, pool_id, member_id, period_start, active";

    /// <summary>The scope of a batch that names a pool or a hold; null otherwise (no pool hold can change).</summary>
    public static BatchScope? Of(LoadRequest request)
    {
        var pools = request.Accounts.Select(account => account.AccountId)
            .Where(id => AccountIds.KindOf(id) == AccountKind.Org).ToList();
        return pools.Count == 0 && request.HoldIds.Count == 0 ? null : new BatchScope(pools, request.HoldIds);
    }

    /// <summary>
    /// A SELECT of the scope's pool holds' columns (duplicates possible), as a subquery text. The pools
    /// of named holds are their owners from <c>holds</c>, not from <c>pool_holds</c>: a named hold of a
    /// pool that is no pool hold (a freeze, a reserve without a member) still catches the pool up, and
    /// an expiry there must find the pool holds it ends.
    /// </summary>
    public static string Holds(SqlText sql, DatabaseProvider provider, BatchScope scope)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            // LATERAL probes fenced with OFFSET 0, like the batch's other reads (BatchLoadQueries).
            var pools = sql.ParamText(scope.AccountIds.ToArray()) + "::text[]";
            var holds = sql.ParamText(scope.HoldIds.ToArray()) + "::text[]";
            var poolIds = $"(SELECT id FROM unnest({pools}) AS named(id) UNION SELECT owner.pool_id FROM unnest({holds}) AS held(id) "
                + "CROSS JOIN LATERAL (SELECT account_id AS pool_id FROM holds WHERE hold_id = held.id OFFSET 0) AS owner)";
            return $"SELECT live.* FROM {poolIds} AS pools(id) CROSS JOIN LATERAL (SELECT {HoldColumns} FROM pool_holds "
                + "WHERE pool_id = pools.id AND active = 1 OFFSET 0) AS live "
                + $"UNION ALL SELECT named.* FROM unnest({holds}) AS held(id) CROSS JOIN LATERAL (SELECT {HoldColumns} FROM pool_holds "
                + "WHERE hold_id = held.id OFFSET 0) AS named";
        }
        // SQLite: IN lists over the primary key and the live index are lookups already.
        var named = scope.HoldIds.Count > 0 ? sql.ListText(scope.HoldIds) : "(NULL)";
        var namedPools = scope.AccountIds.Count > 0 ? sql.ListText(scope.AccountIds) : "(NULL)";
        return $"SELECT {HoldColumns} FROM pool_holds WHERE (active = 1 AND (pool_id IN {namedPools} "
            + $"OR pool_id IN (SELECT account_id FROM holds WHERE hold_id IN {named}))) OR hold_id IN {named}";
    }
}
