using Credits.Ledger.Accounts;
using Credits.Ledger.Balances;
using Credits.Ledger.Errors;
using Credits.Ledger.Engine;
using Credits.Ledger.History;

namespace Credits.Ledger;

public sealed partial class CreditLedger
{
    /// <summary>
    /// The balance of <paramref name="accountId"/> at <paramref name="asOf"/>, replayed from its journal (never from lot
    /// rows) with each lot that held credits then. Refuses an instant in the future (INVALID_ARGUMENT) and a journal
    /// longer than <see cref="LedgerOptions.AsOfReplayEntriesMax"/> up to that instant (REPLAY_TOO_LONG); never writes.
    /// </summary>
    public async Task<ReplayedBalance> GetBalanceAsOfAsync(string accountId, DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        AccountIds.Parse(accountId, "account_id");
        if (asOf > Clock.Now(time))
        {
            throw LedgerErrors.Invalid("as_of", "as_of must not be in the future.").ToException();
        }
        var max = options.AsOfReplayEntriesMax;
        var entries = await TransientRetry.RunAsync(token => JournalReader.ReadUpToAsync(database, accountId, asOf, max + 1, token),
            options.TransientRetriesMax, logger, "an as-of balance read", cancellationToken);
        if (entries.Count > max)
        {
            throw LedgerErrors.ReplayTooLong(max).ToException();
        }
        return BalanceReplay.Replay(accountId, entries, asOf);
    }
}
