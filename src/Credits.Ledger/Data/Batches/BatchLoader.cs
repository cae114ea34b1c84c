using System.Data.Common;
using Credits.Ledger.Accounts;
using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Data.Batches;
using Credits.Ledger.Data.Rows;
using Credits.Ledger.Engine;
using Credits.Ledger.Rules;

namespace Credits.Ledger.Data.Batches;

/// <summary>
/// Locks the accounts a batch touches and loads what its rules declared (<see cref="LoadPlan"/>), in one round trip:
/// creates the accounts commands may create, locks every account (named directly, or owning a
/// named hold) in order of id, the same order in every batch, so that concurrent batches never
/// deadlock, and reads their live lots, their active and named holds, their claw-backs, and the
/// entities of other stores the rules asked for (<see cref="BatchEntities"/>).
/// </summary>
internal static class BatchLoader
{
    public static async Task<Batch> LoadAsync(DbConnection connection, DbTransaction? transaction, DatabaseProvider provider,
        IReadOnlyList<LedgerCommand> commands, RuleContext context, HeavyAccountCache? heavyStates, CancellationToken cancellationToken)
    {
        var plan = new LoadPlan { Now = context.Now };
        foreach (var ledgerCommand in commands)
        {
            CommandRules.For(ledgerCommand).Declare(ledgerCommand, plan);
        }
        var holdIds = plan.HoldIds;
        var cached = heavyStates?.Candidates(plan.AccountIds, holdIds) ?? [];
        var request = plan.ToRequest(Clock.ToMs(context.Now)) with { Cached = cached };

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new SqlText(command);
        if (transaction is null)
        {
            // The engine begins the transaction in the load's text (and the writer commits it in its own).
            // Generic plans: every statement of a batch is a lookup by key in any plan (BatchLoadQueries),
            // and PostgreSQL would otherwise plan the loads afresh for each batch, because a generic plan
            // assumes ten elements per array where a lone caller's batch has one.
            sql.Append(BatchLoadQueries.BeginPostgres);
        }
        BatchLoadQueries.Append(sql, provider, request);
        foreach (var (store, set) in plan.Entities)
        {
            store.ScopeTo(set, request);
        }
        var wanted = plan.Entities.Where(entry => entry.Value.HasWanted).ToList();
        foreach (var (store, set) in wanted)
        {
            store.AppendLoad(sql, provider, set);
        }
        var batch = new Batch(context, plan.Entities);

        var accounts = new List<AccountRow>();
        var lots = new List<LotRow>();
        var holds = new List<HoldRow>();
        var clawbacks = new List<ClawbackRow>();
        await using (var reader = await sql.Build().ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                accounts.Add(RowReaders.WithNotifications(reader, RowReaders.Account(reader)));
            }
            await NextResultAsync(reader, cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                lots.Add(RowReaders.Lot(reader));
            }
            await NextResultAsync(reader, cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                holds.Add(RowReaders.Hold(reader));
            }
            await NextResultAsync(reader, cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                clawbacks.Add(RowReaders.Clawback(reader));
            }
            foreach (var (store, set) in wanted)
            {
                await NextResultAsync(reader, cancellationToken);
                await store.ReadAsync(reader, set, cancellationToken);
            }
        }

        var rows = accounts.ToDictionary(row => row.AccountId, StringComparer.Ordinal);
        // The same test the load's SQL made under the locks: these accounts' live rows were not read.
        var current = cached.Where(state => rows.TryGetValue(state.AccountId, out var row) && row.LastSequence == state.LastSequence).ToList();
        foreach (var hold in holds.Where(hold => holdIds.Contains(hold.HoldId, StringComparer.Ordinal)))
        {
            batch.HoldAccounts[hold.HoldId] = hold.AccountId;
        }
        foreach (var holdId in holdIds.Where(holdId => !batch.HoldAccounts.ContainsKey(holdId)))
        {
            if (current.Find(state => state.HasHold(holdId)) is { } owner)
            {
                batch.HoldAccounts[holdId] = owner.AccountId;
            }
        }
        // Pool members' own accounts join the batch only if the lock statement locked them (the pool's fallback policy).
        var fallbacks = plan.PoolFallbacks.Select(pair => pair.MemberId).Where(rows.ContainsKey);
        foreach (var accountId in plan.AccountIds.Concat(batch.HoldAccounts.Values).Concat(fallbacks).Distinct(StringComparer.Ordinal))
        {
            if (!rows.TryGetValue(accountId, out var row))
            {
                batch.Accounts[accountId] = Account.Empty(accountId);
                continue;
            }
            var state = current.Find(state => state.AccountId == accountId);
            // Rows read beside a held state are the extras a command asked for: spent lots, ended holds, settled claw-backs.
            batch.Accounts[accountId] = LoadedAccounts.From(row,
                lots.Where(lot => lot.AccountId == accountId).Select(RowMapping.ToLot).Concat(state?.Lots() ?? []),
                holds.Where(hold => hold.AccountId == accountId).Select(RowMapping.ToHold).Concat(state?.Holds() ?? []),
                clawbacks.Where(clawback => clawback.AccountId == accountId).Select(RowMapping.ToClawback).Concat(state?.Clawbacks() ?? []));
        }
        return batch;
    }

    private static async Task NextResultAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        if (!await reader.NextResultAsync(cancellationToken))
        {
            throw new InvalidOperationException("The batch load returned fewer result sets than it asked for.");
        }
    }
}
