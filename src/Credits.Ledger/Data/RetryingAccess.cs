using Credits.Ledger.Engine;
using Microsoft.Extensions.Logging;

namespace Credits.Ledger.Data;

// Runs one short statement on its own connection, retried on transient database errors like every
// other ledger access. The payment, subscription and provider-event tables are written this way:
// their callers hold the object's lock, so a read followed by a write never races another handler.
internal sealed class RetryingAccess(LedgerDatabase database, LedgerOptions options, ILogger logger, string what)
{
    public Task<TResult> RunAsync<TResult>(Func<LedgerDb, CancellationToken, Task<TResult>> work, CancellationToken cancellationToken) =>
        TransientRetry.RunAsync(async token =>
        {
            await using var db = database.Open();
            return await work(db, token);
        }, options.TransientRetriesMax, logger, what, cancellationToken);
}
