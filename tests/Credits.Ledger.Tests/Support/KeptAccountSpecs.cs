using Credits.Ledger.Journal;
using Credits.Testing;

namespace Credits.Ledger.Tests.Support;

/// <summary>
/// What the specs of the engine's kept accounts (heavy and warm) read straight from the database,
/// and the two-process workload both race on one account.
/// </summary>
internal static class KeptAccountSpecs
{
    /// <summary>The account's lot ids in ordinal order (equal priority, expiry and age burn in this order).</summary>
    public static async Task<List<string>> LotIdsAsync(LedgerHarness ledger, string account) =>
        (await TestSql.QueryAsync(ledger.Database, "SELECT lot_id FROM lots WHERE account_id = @account", reader => reader.GetString(0),
            ("account", account))).Order(StringComparer.Ordinal).ToList();

    /// <summary>The lots a reserve took its credits from, from its journal entry.</summary>
    public static async Task<string[]> PartsAsync(LedgerHarness ledger, string account, string holdId) =>
        (await ledger.History(account)).Single(entry => entry.Kind == EntryKind.Reserve && entry.HoldId == holdId)
        .Parts.Select(part => part.LotId).ToArray();

    /// <summary>The balance as stored on the account row.</summary>
    public static async Task<(long Available, long Held)> StoredBalanceAsync(LedgerHarness ledger, string account) =>
        (await TestSql.QueryAsync(ledger.Database, "SELECT available, held FROM accounts WHERE account_id = @account",
            reader => (reader.GetInt64(0), reader.GetInt64(1)), ("account", account)))[0];

    /// <summary>
    /// Eight callers, half on each process, each reserving 3 credits ten times and releasing every
    /// third hold, committing 2 of the others; half of them end their holds on the other process,
    /// which finds the owner by the hold id alone. Returns the credits committed (96).
    /// </summary>
    public static async Task<long> RaceTwoProcessesAsync(LedgerHarness ledger, LedgerHarness peer, string account)
    {
        long committed = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async caller =>
        {
            var reserving = caller % 2 == 0 ? ledger : peer;
            var ending = caller % 4 < 2 ? reserving : (reserving == ledger ? peer : ledger);
            for (var round = 0; round < 10; round++)
            {
                var hold = await reserving.Reserve(account, 3);
                if (round % 3 == 0)
                {
                    await ending.Release(hold.HoldId);
                }
                else
                {
                    Interlocked.Add(ref committed, (await ending.Commit(hold.HoldId, 2)).Committed);
                }
            }
        }));
        return committed;
    }
}
