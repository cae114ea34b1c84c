using Credits.Ledger.Data;
using Credits.Ledger.Data.Payments;
using Credits.Ledger.Engine;
using Microsoft.Extensions.Logging;

namespace Credits.Ledger.Payments;

/// <summary>
/// Turns what a payment provider reports (checkouts, refunds, disputes) into ledger changes,
/// exactly once per business object and independent of the order reports arrive in. Each report is
/// recorded in the payment tables and then the whole payment is reconciled, under a lock held for
/// that payment, so concurrent deliveries of the same event apply once.
/// </summary>
/// <remarks>
/// Exactly-once does not rest on remembering events: every ledger command is keyed by the checkout
/// session, refund or dispute it comes from, and the payment tables record what was applied, so a
/// different event about the same object, or the same event weeks later, changes nothing.
/// </remarks>
public sealed class PaymentProcessor
{
    /// <summary>Provider ids (payment, session, refund, dispute) are at most this long.</summary>
    public const int ProviderIdLengthMax = ProviderIds.LengthMax;

    private readonly PaymentRepository _payments;
    private readonly PaymentReconciler _reconciler;
    private readonly SoldCheckoutStore _sold;
    private readonly TimeProvider _time;
    private readonly ILogger<PaymentProcessor> _logger;

    /// <summary>Creates the processor over the ledger and its database.</summary>
    public PaymentProcessor(CreditLedger ledger, LedgerDatabase database, LedgerOptions options, SoldCheckoutStore sold, TimeProvider time,
        ILogger<PaymentProcessor> logger)
    {
        _sold = sold;
        _payments = new PaymentRepository(database, options, time, logger);
        _reconciler = new PaymentReconciler(ledger, _payments, time, logger);
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Records a checkout: once paid, its pack as it was sold is granted (with the receipt); a failed
    /// payment leaves a note for support; an unpaid one waits for the payment. A checkout that is not
    /// a session sold here, paid as it was sold (<see cref="CheckoutMatch"/>), is not recorded at all
    /// and comes back <see cref="PaymentOutcome.Unapplied"/> with the reason.
    /// </summary>
    public async Task<CheckoutResult> RecordCheckoutAsync(CheckoutNotice notice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (!ProviderIds.IsValid(notice.PaymentId) || !ProviderIds.IsValid(notice.SessionId) || !ProviderIds.IsValid(notice.PackId))
        {
            _logger.LogUnusableReport("checkout", notice.SessionId, "a missing or malformed payment, session or pack id");
            return new CheckoutResult(PaymentOutcome.Ignored);
        }
        var sold = await _sold.FindAsync(notice.SessionId, cancellationToken);
        if (CheckoutMatch.Refuse(notice, sold) is { } refused)
        {
            return refused;
        }
        // The pack as it was sold, whatever the catalogue says now.
        notice = notice with { Pack = sold!.Pack };
        if (notice.Status == CheckoutStatus.Paid)
        {
            // Before the grant: a paid limited offer must never lose its place when its claim lapses.
            await _sold.MarkPaidAsync(notice.SessionId, cancellationToken);
        }
        await using var held = await _payments.LockAsync(notice.PaymentId, cancellationToken);
        var payment = await _payments.LoadAsync(notice.PaymentId, cancellationToken);
        payment.RecordCheckout(notice, Clock.Now(_time));
        await _payments.SaveAsync(payment, cancellationToken);
        return new CheckoutResult(await _reconciler.ReconcileAsync(notice.PaymentId, cancellationToken));
    }

    /// <summary>
    /// Records refunds (one, or every refund a charge lists): each takes back its share of the
    /// purchase once, and gives it back if the refund fails. A refund of a purchase not granted yet
    /// waits for the grant.
    /// </summary>
    public async Task<PaymentOutcome> RecordRefundsAsync(IReadOnlyList<RefundNotice> notices, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notices);
        var outcomes = new List<PaymentOutcome>();
        foreach (var payment in notices.GroupBy(notice => notice.PaymentId, StringComparer.Ordinal))
        {
            if (!ProviderIds.IsValid(payment.Key) || payment.Any(notice => !ProviderIds.IsValid(notice.RefundId)))
            {
                _logger.LogUnusableReport("refund", payment.Key, "a missing or malformed payment or refund id");
                outcomes.Add(PaymentOutcome.Ignored);
                continue;
            }
            await using var held = await _payments.LockAsync(payment.Key, cancellationToken);
            var known = await _payments.LoadAsync(payment.Key, cancellationToken);
            foreach (var notice in payment)
            {
                known.RecordRefund(notice);
            }
            await _payments.SaveAsync(known, cancellationToken);
            // Reloaded, so that the new refunds take their places in the order the repository keeps.
            outcomes.Add(await _reconciler.ReconcileAsync(payment.Key, cancellationToken));
        }
        return Combine(outcomes);
    }

    /// <summary>
    /// Records a dispute: while open, what is left of the purchase is frozen; won releases it; lost
    /// takes back the disputed share. A final status, once known, stands.
    /// </summary>
    public async Task<PaymentOutcome> RecordDisputeAsync(DisputeNotice notice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (!ProviderIds.IsValid(notice.PaymentId) || !ProviderIds.IsValid(notice.DisputeId))
        {
            _logger.LogUnusableReport("dispute", notice.DisputeId, "a missing or malformed payment or dispute id");
            return PaymentOutcome.Ignored;
        }
        await using var held = await _payments.LockAsync(notice.PaymentId, cancellationToken);
        var payment = await _payments.LoadAsync(notice.PaymentId, cancellationToken);
        payment.RecordDispute(notice);
        await _payments.SaveAsync(payment, cancellationToken);
        return await _reconciler.ReconcileAsync(notice.PaymentId, cancellationToken);
    }

    private static PaymentOutcome Combine(List<PaymentOutcome> outcomes) =>
        outcomes.Contains(PaymentOutcome.Applied) ? PaymentOutcome.Applied
        : outcomes.Contains(PaymentOutcome.Pending) ? PaymentOutcome.Pending
        : outcomes.Contains(PaymentOutcome.Unchanged) ? PaymentOutcome.Unchanged
        : PaymentOutcome.Ignored;
}
