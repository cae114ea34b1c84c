using Credits.Ledger.Data;
using Credits.Ledger.Data.Subscriptions;
using Credits.Ledger.Errors;
using Credits.Ledger.Payments;
using Microsoft.Extensions.Logging;

namespace Credits.Ledger.Subscriptions;

/// <summary>
/// The way into subscriptions: reports from Stripe (invoices and subscription changes), manual
/// subscriptions (start, change, cancel) and their renewal. Each rule has its own class: a period's
/// allocation, an upgrade or downgrade, a cancellation, a manual renewal. Each report or request is
/// handled under a lock held for its subscription; every ledger change is keyed and recorded in
/// <c>subscription_grants</c>, so a report delivered twice, late, or concurrently changes the ledger
/// once. Rollover itself is not here: each allocation carries its tier's rollover terms, and the
/// ledger's one expiry path applies them.
/// </summary>
public sealed class SubscriptionProcessor
{
    /// <summary>Provider ids (invoices, subscriptions, prices) are at most this long.</summary>
    public const int ProviderIdLengthMax = ProviderIds.LengthMax;

    /// <summary>The actor of manual subscriptions' ledger commands (the admin's name goes into metadata), so renewals and retries share one key scope.</summary>
    public const string ManualActor = "subscriptions";

    /// <summary>Email addresses are at most this long.</summary>
    public const int EmailLengthMax = 254;

    /// <summary>Subscriptions renewed per pass at most.</summary>
    public const int RenewalsPerPassMax = 500;

    private readonly SubscriptionRepository _subscriptions;
    private readonly StripeSubscriptionReports _reports;
    private readonly ManualSubscriptions _manual;
    private readonly ManualRenewal _renewal;

    /// <summary>Creates the processor over the ledger, its database and the tier catalogue.</summary>
    public SubscriptionProcessor(CreditLedger ledger, LedgerDatabase database, LedgerOptions options, ISubscriptionCatalog catalog,
        TimeProvider time, ILogger<SubscriptionProcessor> logger)
    {
        _subscriptions = new SubscriptionRepository(database, options, time, logger);
        var journal = new SubscriptionJournal(ledger, _subscriptions, time);
        var allocation = new PeriodAllocation(ledger, journal, time, logger);
        var tierChange = new TierChange(ledger, journal, _subscriptions, catalog, time);
        var cancellation = new Cancellation(journal, _subscriptions, time);
        _reports = new StripeSubscriptionReports(_subscriptions, catalog, journal, allocation, tierChange, cancellation, time, logger);
        _manual = new ManualSubscriptions(_subscriptions, catalog, allocation, tierChange, cancellation, time);
        _renewal = new ManualRenewal(_subscriptions, catalog, allocation, time, logger);
    }

    /// <summary>
    /// A subscription invoice: paid for a new or renewed period, it grants the period's allocation
    /// (once per invoice) expiring at the period's end; paid for a plan change, it applies the change;
    /// a failed payment grants nothing and leaves a note.
    /// </summary>
    public Task<SubscriptionResult> RecordInvoiceAsync(InvoiceNotice notice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return _reports.RecordInvoiceAsync(notice, cancellationToken);
    }

    /// <summary>
    /// A subscription created, updated or deleted: a new price applies the tier change (an upgrade at
    /// once, a downgrade at the next renewal); <c>cancel_at_period_end</c> and deletion stop future
    /// allocations. Credits already granted stay until they expire.
    /// </summary>
    public Task<SubscriptionResult> RecordSubscriptionAsync(SubscriptionNotice notice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return _reports.RecordSubscriptionAsync(notice, cancellationToken);
    }

    /// <summary>Starts a manual subscription on <paramref name="tierId"/> now and allocates its first period; a retried start returns the same subscription.</summary>
    public Task<SubscriptionView> StartManualAsync(string accountId, string tierId, string idempotencyKey, string requestedBy,
        string? email = null, CancellationToken cancellationToken = default) =>
        _manual.StartAsync(accountId, tierId, idempotencyKey, requestedBy, email, cancellationToken);

    /// <summary>Moves a manual subscription to another tier: an upgrade is granted at once, a downgrade takes effect at the next renewal.</summary>
    public Task<SubscriptionView> ChangeManualAsync(string subscriptionId, string tierId, string idempotencyKey, string requestedBy,
        CancellationToken cancellationToken = default) =>
        _manual.ChangeAsync(subscriptionId, tierId, idempotencyKey, requestedBy, cancellationToken);

    /// <summary>Cancels a manual subscription now, or at the end of its period; what it granted stays until it expires.</summary>
    public Task<SubscriptionView> CancelManualAsync(string subscriptionId, bool atPeriodEnd, string idempotencyKey, string requestedBy,
        CancellationToken cancellationToken = default) =>
        _manual.CancelAsync(subscriptionId, atPeriodEnd, idempotencyKey, requestedBy, cancellationToken);

    /// <summary>The subscription with <paramref name="subscriptionId"/> (Stripe's or manual).</summary>
    public async Task<SubscriptionView> GetAsync(string subscriptionId, CancellationToken cancellationToken = default)
    {
        ProviderIds.Require(subscriptionId, "subscription_id");
        var subscription = await _subscriptions.FindAsync(subscriptionId, cancellationToken) ?? throw LedgerErrors.SubscriptionNotFound(subscriptionId).ToException();
        return subscription.ToView();
    }

    /// <summary>
    /// Renews every manual subscription whose period has ended: the next period starts where the
    /// last ended, at the scheduled downgrade's tier if there is one, and is allocated; one set to
    /// cancel at the period's end is cancelled instead. Returns how many subscriptions it moved.
    /// </summary>
    public Task<int> RenewDueAsync(CancellationToken cancellationToken = default) => _renewal.RenewDueAsync(cancellationToken);
}
