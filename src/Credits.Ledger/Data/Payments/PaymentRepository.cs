using Credits.Ledger.Data.Rows;
using Credits.Ledger.Engine;
using Credits.Ledger.Payments;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Logging;

namespace Credits.Ledger.Data.Payments;

// Locks, loads and saves payments. A payment is loaded whole (checkout, refunds, disputes) under its
// lock, and saving writes only the parts it marked changed, each in its own short statement: the
// reconciler records an intent, sends keyed ledger commands, then records that they are done, and
// a crash between any two of those steps repeats the same commands, which the ledger applies once.
internal sealed class PaymentRepository(LedgerDatabase database, LedgerOptions options, TimeProvider time, ILogger logger)
{
    private readonly ProviderLocks _locks = new(database);
    private readonly RetryingAccess _access = new(database, options, logger, "a payment record");

    public Task<IAsyncDisposable> LockAsync(string paymentId, CancellationToken cancellationToken) =>
        _locks.ForPaymentAsync(paymentId, cancellationToken);

    // Refunds and disputes come in the order they were created at the provider, which is the order
    // their claw-back shares are fixed in.
    public async Task<Payment> LoadAsync(string paymentId, CancellationToken cancellationToken)
    {
        var row = await _access.RunAsync((db, token) =>
            db.GetTable<PaymentRow>().FirstOrDefaultAsync(payment => payment.PaymentId == paymentId, token), cancellationToken);
        var refunds = await _access.RunAsync((db, token) => db.GetTable<PaymentRefundRow>().Where(refund => refund.PaymentId == paymentId)
            .OrderBy(refund => refund.CreatedAtMs).ThenBy(refund => refund.RefundId).ToListAsync(token), cancellationToken);
        var disputes = await _access.RunAsync((db, token) => db.GetTable<PaymentDisputeRow>().Where(dispute => dispute.PaymentId == paymentId)
            .OrderBy(dispute => dispute.CreatedAtMs).ThenBy(dispute => dispute.DisputeId).ToListAsync(token), cancellationToken);
        return PaymentMapping.ToPayment(paymentId, row, refunds, disputes);
    }

    public async Task SaveAsync(Payment payment, CancellationToken cancellationToken)
    {
        var nowMs = Clock.ToMs(Clock.Now(time));
        if (payment.HasChanges)
        {
            await WriteAsync(payment.ToRow(nowMs), payment.IsStored, cancellationToken);
            payment.MarkSaved();
        }
        foreach (var refund in payment.Refunds.Where(refund => refund.HasChanges))
        {
            await WriteAsync(refund.ToRow(payment.PaymentId, nowMs), refund.IsStored, cancellationToken);
            refund.MarkSaved();
        }
        foreach (var dispute in payment.Disputes.Where(dispute => dispute.HasChanges))
        {
            await WriteAsync(dispute.ToRow(payment.PaymentId, nowMs), dispute.IsStored, cancellationToken);
            dispute.MarkSaved();
        }
    }

    private Task<int> WriteAsync<T>(T row, bool isStored, CancellationToken cancellationToken) where T : notnull =>
        _access.RunAsync((db, token) => isStored ? db.UpdateAsync(row, token: token) : db.InsertAsync(row, token: token), cancellationToken);
}
