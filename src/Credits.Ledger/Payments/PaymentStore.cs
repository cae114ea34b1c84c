using Credits.Ledger.Data;
using Credits.Ledger.Data.Rows;
using Credits.Ledger.Engine;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Logging;

namespace Credits.Ledger.Payments;

/// <summary>
/// Reads and writes the payment tables. Callers hold the payment's lock, so a read followed by a
/// write of the same payment never races another handler; each call is its own short statement,
/// retried on transient database errors like every other ledger access.
/// </summary>
internal sealed class PaymentStore(LedgerDatabase database, LedgerOptions options, ILogger logger)
{
    public Task<PaymentRow?> FindPaymentAsync(string paymentId, CancellationToken cancellationToken) =>
        RunAsync(db => db.GetTable<PaymentRow>().FirstOrDefaultAsync(row => row.PaymentId == paymentId, cancellationToken), cancellationToken);

    public Task<List<PaymentRefundRow>> RefundsAsync(string paymentId, CancellationToken cancellationToken) =>
        RunAsync(db => db.GetTable<PaymentRefundRow>().Where(row => row.PaymentId == paymentId)
            .OrderBy(row => row.CreatedAtMs).ThenBy(row => row.RefundId).ToListAsync(cancellationToken), cancellationToken);

    public Task<List<PaymentDisputeRow>> DisputesAsync(string paymentId, CancellationToken cancellationToken) =>
        RunAsync(db => db.GetTable<PaymentDisputeRow>().Where(row => row.PaymentId == paymentId)
            .OrderBy(row => row.CreatedAtMs).ThenBy(row => row.DisputeId).ToListAsync(cancellationToken), cancellationToken);

    public Task InsertAsync<T>(T row, CancellationToken cancellationToken) where T : notnull =>
        RunAsync(db => db.InsertAsync(row, token: cancellationToken), cancellationToken);

    public Task UpdateAsync<T>(T row, CancellationToken cancellationToken) where T : notnull =>
        RunAsync(db => db.UpdateAsync(row, token: cancellationToken), cancellationToken);

    private Task<TResult> RunAsync<TResult>(Func<LedgerDb, Task<TResult>> work, CancellationToken cancellationToken) =>
        TransientRetry.RunAsync(async token =>
        {
            await using var db = database.Open();
            return await work(db);
        }, options.TransientRetriesMax, logger, "a payment record", cancellationToken);
}
