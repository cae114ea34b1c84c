using Credits.Ledger.Data;
using Credits.Ledger.Data.Batches;
using Credits.Ledger.Engine;
using Credits.Ledger.Pools;

namespace Credits.Ledger.Data.Batches;

/// <summary>
/// The text of a batch's load, in the order <see cref="BatchLoader"/> reads it: account creation,
/// then the accounts (locked), their lots, holds and claw-backs. The batch entities' reads follow (<see cref="BatchEntities"/>).
/// </summary>
internal static class BatchLoadQueries
{
    /// <summary>How a PostgreSQL batch's first round trip begins its transaction (see <see cref="BatchLoader"/>).</summary>
    public const string BeginPostgres = "BEGIN ISOLATION LEVEL READ COMMITTED;\nSET LOCAL plan_cache_mode = force_generic_plan;\n";

    public static void Append(SqlText sql, DatabaseProvider provider, LoadRequest request)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            AppendPostgres(sql, request);
        }
        else
        {
            AppendSqlite(sql, request);
        }
    }

    /// <summary>
    /// PostgreSQL: every set is one array parameter, so the text is the same for every batch of the
    /// same shape and is prepared once. Every read is a LATERAL probe fenced with OFFSET 0: one
    /// equality lookup per account, hold or key, which is an index lookup in any plan. Array
    /// predicates against whole tables (<c>hold_id = ANY(...)</c>) are not: a generic plan cached
    /// while a table was small kept scanning it sequentially as it grew, a millisecond a batch.
    /// </summary>
    private static void AppendPostgres(SqlText sql, LoadRequest request)
    {
        var named = request.Accounts.Select(account => account.AccountId).ToArray();
        var created = request.Accounts.Where(account => account.Create).Select(account => account.AccountId).ToArray();
        if (created.Length > 0)
        {
            // Created in the same order as they are locked below, so batches never deadlock.
            sql.Append($"INSERT INTO accounts ({RowReaders.AccountColumns}) SELECT id, 0, 0, 0, 0, NULL, ").Param(request.NowMs)
                .Append(", ").Param(request.NowMs).Append(", 0, NULL FROM unnest(").Param(created)
                .Append("::text[]) AS created(id) ORDER BY id ON CONFLICT (account_id) DO NOTHING;\n");
        }
        var ids = sql.ParamText(named) + "::text[]";
        var holds = request.HoldIds.Count > 0 ? sql.ParamText(request.HoldIds.ToArray()) + "::text[]" : null;
        if (holds is not null)
        {
            ids = $"ARRAY(SELECT owner.account_id FROM unnest({holds}) AS named(hold_id) CROSS JOIN LATERAL "
                + "(SELECT account_id FROM holds WHERE holds.hold_id = named.hold_id OFFSET 0) AS owner) || " + ids;
        }
        // Pool members whose own account backs a reserve only under the pool's fallback policy: locked
        // when the policy, read in the lock statement, says so. Their rows are read either way (a
        // probe each), so the reads agree with the locks even if the policy changed between the
        // lock statement's snapshot and the next statement's; the loader keeps only locked ones.
        var locking = ids;
        if (request.PoolFallbacks.Count > 0)
        {
            var pools = sql.ParamText(request.PoolFallbacks.Select(pair => pair.PoolId).ToArray());
            var members = sql.ParamText(request.PoolFallbacks.Select(pair => pair.MemberId).ToArray());
            locking = $"ARRAY(SELECT f.member_id FROM unnest({pools}::text[], {members}::text[]) AS f(pool_id, member_id) "
                + "WHERE EXISTS (SELECT 1 FROM pool_policies AS p WHERE p.pool_id = f.pool_id "
                + $"AND p.fallback = {(int)PoolFallback.MemberAccount} OFFSET 0)) || " + ids;
            ids = $"{members}::text[] || " + ids;
        }
        var locked = $"(SELECT DISTINCT id FROM unnest({locking}) AS batch(id) ORDER BY id) AS batch";
        var batch = $"(SELECT DISTINCT id FROM unnest({ids}) AS batch(id) ORDER BY id) AS batch";
        // The accounts whose live rows are read: all of them, less those this process holds at the
        // sequence their locked row carries now (HeavyAccountCache).
        var uncached = batch;
        if (request.Cached.Count > 0)
        {
            var cachedIds = sql.ParamText(request.Cached.Select(state => state.AccountId).ToArray());
            var cachedSequences = sql.ParamText(request.Cached.Select(state => state.LastSequence).ToArray());
            uncached = $"(SELECT DISTINCT id FROM unnest({ids}) AS batch(id) WHERE NOT EXISTS (SELECT 1 FROM unnest({cachedIds}::text[], "
                + $"{cachedSequences}::bigint[]) AS cached(id, sequence) JOIN accounts ON accounts.account_id = cached.id "
                + "AND accounts.last_sequence = cached.sequence WHERE cached.id = batch.id)) AS batch";
        }

        // The probes run in the batch's order, so every batch locks accounts in the same order.
        sql.Append($"SELECT locked.* FROM {locked} CROSS JOIN LATERAL (SELECT {RowReaders.AccountColumns}, {RowReaders.AccountNotificationColumns}, {RowReaders.AccountUsageColumns}, {RowReaders.AccountBurnColumns} FROM accounts ")
            .Append("WHERE account_id = batch.id OFFSET 0 FOR UPDATE) AS locked;\n");

        sql.Append($"SELECT live.* FROM {uncached} CROSS JOIN LATERAL (SELECT {RowReaders.LotColumns} FROM lots ")
            .Append("WHERE account_id = batch.id AND remaining > 0 OFFSET 0) AS live");
        if (request.Reversing.Count > 0)
        {
            sql.Append(" UNION ALL SELECT spent.* FROM unnest(").Param(request.Reversing.ToArray())
                .Append($"::text[]) AS reversing(id) CROSS JOIN LATERAL (SELECT {RowReaders.LotColumns} FROM lots ")
                .Append("WHERE account_id = reversing.id AND remaining <= 0 OFFSET 0) AS spent");
        }
        if (request.Refunding.Count > 0)
        {
            // UNION, not UNION ALL: an account both reversing and refunding would read its spent lots twice.
            sql.Append(" UNION SELECT refilled.* FROM unnest(").Param(request.Refunding.ToArray())
                .Append($"::text[]) AS refunding(hold_id) CROSS JOIN LATERAL (SELECT {RowReaders.LotColumns} FROM lots ")
                .Append("WHERE lots.account_id = (SELECT holds.account_id FROM holds WHERE holds.hold_id = refunding.hold_id) ")
                .Append("AND remaining <= 0 OFFSET 0) AS refilled");
        }
        sql.Append(";\n");

        sql.Append($"SELECT active.* FROM {uncached} CROSS JOIN LATERAL (SELECT {RowReaders.HoldColumns} FROM holds ")
            .Append("WHERE account_id = batch.id AND state = 0 OFFSET 0) AS active");
        if (holds is not null)
        {
            sql.Append($" UNION ALL SELECT ended.* FROM unnest({holds}) AS named(hold_id) CROSS JOIN LATERAL ")
                .Append($"(SELECT {RowReaders.HoldColumns} FROM holds WHERE holds.hold_id = named.hold_id AND state <> 0 OFFSET 0) AS ended");
        }
        sql.Append(";\n");

        sql.Append($"SELECT owing.* FROM {uncached} CROSS JOIN LATERAL (SELECT {RowReaders.ClawbackColumns} FROM clawbacks ")
            .Append("WHERE account_id = batch.id AND owed_outstanding > 0 OFFSET 0) AS owing");
        if (request.References.Count > 0)
        {
            sql.Append($" UNION ALL SELECT settled.* FROM {batch} CROSS JOIN unnest(").Param(request.References.ToArray())
                .Append($"::text[]) AS named(reference) CROSS JOIN LATERAL (SELECT {RowReaders.ClawbackColumns} FROM clawbacks ")
                .Append("WHERE account_id = batch.id AND clawbacks.reference = named.reference AND owed_outstanding <= 0 OFFSET 0) AS settled");
        }
        sql.Append(";\n");
    }

    /// <summary>SQLite has no arrays; IN lists over its indexes are lookups already.</summary>
    private static void AppendSqlite(SqlText sql, LoadRequest request)
    {
        foreach (var (accountId, _) in request.Accounts.Where(account => account.Create))
        {
            sql.Append($"INSERT INTO accounts ({RowReaders.AccountColumns}) VALUES (").Param(accountId)
                .Append(", 0, 0, 0, 0, NULL, ").Param(request.NowMs).Append(", ").Param(request.NowMs)
                .Append(", 0, NULL) ON CONFLICT (account_id) DO NOTHING;\n");
        }
        var inAccounts = AccountSet(sql, request.Accounts.Select(account => account.AccountId).ToList(), request.HoldIds);
        if (request.PoolFallbacks.Count > 0)
        {
            // One writer at a time: every statement sees the same policy, so the condition can repeat.
            inAccounts = $"({inAccounts} OR account_id IN (SELECT column2 FROM (VALUES "
                + string.Join(", ", request.PoolFallbacks.Select(pair => sql.ListText([pair.PoolId, pair.MemberId])))
                + ") AS f WHERE EXISTS (SELECT 1 FROM pool_policies AS p WHERE p.pool_id = f.column1 "
                + $"AND p.fallback = {(int)PoolFallback.MemberAccount})))";
        }
        // SQLite has no row locks: the write transaction (BEGIN IMMEDIATE) holds its single write lock already.
        sql.Append($"SELECT {RowReaders.AccountColumns}, {RowReaders.AccountNotificationColumns}, {RowReaders.AccountUsageColumns}, {RowReaders.AccountBurnColumns} FROM accounts WHERE {inAccounts} ORDER BY account_id;\n");
        // Live rows of accounts held at their current sequence (HeavyAccountCache) are not read.
        var uncached = request.Cached.Count == 0
            ? ""
            : " AND account_id NOT IN (SELECT account_id FROM accounts WHERE (account_id, last_sequence) IN (VALUES "
              + string.Join(", ", request.Cached.Select(state => sql.ListText([state.AccountId, state.LastSequence]))) + "))";
        sql.Append($"SELECT {RowReaders.LotColumns} FROM lots WHERE {inAccounts} AND ((remaining > 0{uncached})");
        if (request.Reversing.Count > 0)
        {
            sql.Append(" OR (remaining <= 0 AND account_id IN ").List(request.Reversing).Append(")");
        }
        if (request.Refunding.Count > 0)
        {
            sql.Append(" OR (remaining <= 0 AND account_id IN (SELECT account_id FROM holds WHERE hold_id IN ").List(request.Refunding).Append("))");
        }
        sql.Append(");\n");
        sql.Append($"SELECT {RowReaders.HoldColumns} FROM holds WHERE {inAccounts} AND ((state = 0{uncached})");
        if (request.HoldIds.Count > 0)
        {
            sql.Append(" OR (state <> 0 AND hold_id IN ").List(request.HoldIds).Append(")");
        }
        sql.Append(");\n");
        sql.Append($"SELECT {RowReaders.ClawbackColumns} FROM clawbacks WHERE {inAccounts} AND ((owed_outstanding > 0{uncached})");
        if (request.References.Count > 0)
        {
            sql.Append(" OR (owed_outstanding <= 0 AND reference IN ").List(request.References).Append(")");
        }
        sql.Append(");\n");
    }

    /// <summary>The predicate selecting the batch's accounts: named ones and the owners of named holds.</summary>
    private static string AccountSet(SqlText sql, List<string> ids, IReadOnlyList<string> holdIds)
    {
        // The parameters are added once; each query repeats the predicate's text.
        var owners = holdIds.Count > 0 ? "SELECT account_id FROM holds WHERE hold_id IN " + sql.ListText(holdIds) : null;
        return (ids.Count, owners) switch
        {
            (0, null) => "1 = 0",
            (_, null) => "account_id IN " + sql.ListText(ids),
            (0, _) => "account_id IN (" + owners + ")",
            _ => "account_id IN (" + owners + " UNION VALUES " + string.Join(", ", ids.Select(id => sql.ListText([id]))) + ")",
        };
    }
}
