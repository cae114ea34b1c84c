using Credits.Ledger.Accounts;
using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Data.Rows;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.Lots;
using Credits.Ledger.Payments;
using Credits.Ledger.Validation;
using Microsoft.Extensions.Logging;

namespace Credits.Ledger.Subscriptions;

/// <summary>
/// Every subscription rule: allocation per period (once per invoice or period), upgrades granted at
/// once (prorated or whole, as the tier says), downgrades scheduled for the next renewal,
/// cancellation, and the renewal of manual subscriptions. Each report is handled under a lock held
/// for its subscription; every ledger change is keyed and recorded in <c>subscription_grants</c>,
/// so a report delivered twice, late, or concurrently changes the ledger once. Rollover itself is
/// not here: each allocation carries its tier's rollover terms, and the ledger's one expiry path
/// applies them.
/// </summary>
public sealed partial class SubscriptionProcessor
{
    /// <summary>Provider ids (invoices, subscriptions, prices) are at most this long.</summary>
    public const int ProviderIdLengthMax = ProviderIds.LengthMax;

    /// <summary>The actor of manual subscriptions' ledger commands (the admin's name goes into metadata), so renewals and retries share one key scope.</summary>
    public const string ManualActor = "subscriptions";

    /// <summary>Email addresses are at most this long.</summary>
    public const int EmailLengthMax = 254;

    /// <summary>Subscriptions renewed per pass at most.</summary>
    public const int RenewalsPerPassMax = 500;

    private readonly CreditLedger _ledger;
    private readonly ProviderLocks _locks;
    private readonly SubscriptionStore _store;
    private readonly ISubscriptionCatalog _catalog;
    private readonly TimeProvider _time;
    private readonly ILogger<SubscriptionProcessor> _logger;

    /// <summary>Creates the processor over the ledger, its database and the tier catalogue.</summary>
    public SubscriptionProcessor(CreditLedger ledger, LedgerDatabase database, LedgerOptions options, ISubscriptionCatalog catalog,
        TimeProvider time, ILogger<SubscriptionProcessor> logger)
    {
        _ledger = ledger;
        _locks = new ProviderLocks(database);
        _store = new SubscriptionStore(database, options, logger);
        _catalog = catalog;
        _time = time;
        _logger = logger;
    }

    // ---- Reports from a payment provider ----

    /// <summary>
    /// A subscription invoice: paid for a new or renewed period, it grants the period's allocation
    /// (once per invoice) expiring at the period's end; paid for a plan change, it applies the change;
    /// a failed payment grants nothing and leaves a note.
    /// </summary>
    public async Task<SubscriptionResult> RecordInvoiceAsync(InvoiceNotice notice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (notice.Reason == InvoiceReason.Other)
        {
            return SubscriptionResult.Ignored;
        }
        if (!ProviderIds.IsValid(notice.InvoiceId) || !ProviderIds.IsValid(notice.SubscriptionId) || !ProviderIds.IsValid(notice.PriceId)
            || notice.PeriodEnd <= notice.PeriodStart)
        {
            LogUnusable("invoice", notice.InvoiceId, "a missing or malformed invoice, subscription or price id, or an empty period");
            return SubscriptionResult.Ignored;
        }
        await using var held = await _locks.ForSubscriptionAsync(notice.SubscriptionId, cancellationToken);
        var row = await _store.FindAsync(notice.SubscriptionId, cancellationToken);
        var accountId = row?.AccountId ?? notice.AccountId;
        if (!ProviderIds.IsAccount(accountId))
        {
            LogUnknownAccount(notice.InvoiceId, notice.SubscriptionId, accountId);
            return SubscriptionResult.UnknownAccount(notice.SubscriptionId);
        }
        if (!notice.Paid)
        {
            var failed = await OnceAsync(accountId!, notice.SubscriptionId, SubscriptionKeys.PaymentFailed(notice.InvoiceId),
                SubscriptionGrantKind.PaymentFailed, row?.TierId ?? "", notice.PeriodStart, notice.PeriodEnd, async key =>
                {
                    await Note(PaymentActors.Stripe, accountId!, notice.InvoiceId, key, "subscription_payment_failed", notice.SubscriptionId,
                        null, cancellationToken, ("invoice_id", notice.InvoiceId));
                    return (0, null);
                }, cancellationToken);
            return failed ? SubscriptionResult.Applied : SubscriptionResult.Unchanged;
        }
        if (_catalog.FindByPrice(notice.PriceId) is not { } tier)
        {
            LogUnknownPrice(notice.InvoiceId, notice.SubscriptionId, notice.PriceId);
            return SubscriptionResult.UnknownPrice(notice.PriceId);
        }
        if (row is null)
        {
            row = NewRow(accountId!, notice.SubscriptionId, SubscriptionSource.Stripe, tier.TierId, notice.PeriodStart, notice.PeriodEnd, notice.Email);
            await _store.InsertAsync(row, cancellationToken);
        }
        if (notice.Email is not null && row.Email != notice.Email)
        {
            row.Email = notice.Email;
            await SaveAsync(row, cancellationToken);
        }
        if (notice.Reason == InvoiceReason.Update)
        {
            return await ChangeTierAsync(row, tier, PaymentActors.Stripe, notice.InvoiceId, "", cancellationToken)
                ? SubscriptionResult.Applied : SubscriptionResult.Unchanged;
        }
        if (row.Status == (int)SubscriptionStatus.Canceled && Clock.ToMs(notice.PeriodStart) >= row.PeriodEndMs)
        {
            // A cancelled subscription allocates nothing more, even if a late invoice says otherwise.
            LogAfterCancellation(notice.InvoiceId, notice.SubscriptionId);
            return SubscriptionResult.Unchanged;
        }
        var granted = await AllocateAsync(row, tier, SubscriptionKeys.Allocation(SubscriptionSource.Stripe, row.SubscriptionId, notice.InvoiceId, 0),
            notice.PeriodStart, notice.PeriodEnd, notice.InvoiceId, PaymentActors.Stripe, "", cancellationToken);
        if (Clock.ToMs(notice.PeriodEnd) > row.PeriodEndMs)
        {
            // Renewal: the newest period is the current one, at the tier its invoice billed (a
            // scheduled downgrade takes effect here). An older period's invoice arriving late
            // grants its own period but never moves the subscription back.
            row.PeriodStartMs = Clock.ToMs(notice.PeriodStart);
            row.PeriodEndMs = Clock.ToMs(notice.PeriodEnd);
            row.TierId = tier.TierId;
            row.PendingTierId = null;
            row.CancelAtPeriodEnd = 0;
            await SaveAsync(row, cancellationToken);
        }
        return granted ? SubscriptionResult.Applied : SubscriptionResult.Unchanged;
    }

    /// <summary>
    /// A subscription created, updated or deleted: a new price applies the tier change (an upgrade at
    /// once, a downgrade at the next renewal); <c>cancel_at_period_end</c> and deletion stop future
    /// allocations. Credits already granted stay until they expire.
    /// </summary>
    public async Task<SubscriptionResult> RecordSubscriptionAsync(SubscriptionNotice notice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (!ProviderIds.IsValid(notice.SubscriptionId) || notice.PeriodEnd <= notice.PeriodStart)
        {
            LogUnusable("subscription", notice.SubscriptionId, "a missing or malformed subscription id, or an empty period");
            return SubscriptionResult.Ignored;
        }
        await using var held = await _locks.ForSubscriptionAsync(notice.SubscriptionId, cancellationToken);
        var row = await _store.FindAsync(notice.SubscriptionId, cancellationToken);
        var accountId = row?.AccountId ?? notice.AccountId;
        if (!ProviderIds.IsAccount(accountId))
        {
            LogUnknownAccount("-", notice.SubscriptionId, accountId);
            return SubscriptionResult.UnknownAccount(notice.SubscriptionId);
        }
        var tier = ProviderIds.IsValid(notice.PriceId) ? _catalog.FindByPrice(notice.PriceId) : null;
        if (tier is null && !notice.Deleted)
        {
            LogUnknownPrice("-", notice.SubscriptionId, notice.PriceId);
            return SubscriptionResult.UnknownPrice(notice.PriceId);
        }
        var changed = false;
        if (row is null)
        {
            row = NewRow(accountId!, notice.SubscriptionId, SubscriptionSource.Stripe, tier?.TierId ?? "", notice.PeriodStart, notice.PeriodEnd,
                notice.Email);
            await _store.InsertAsync(row, cancellationToken);
            changed = true;
        }
        if (notice.Email is not null && row.Email != notice.Email)
        {
            row.Email = notice.Email;
            await SaveAsync(row, cancellationToken);
        }
        if (!notice.Deleted && tier is not null && row.Status == (int)SubscriptionStatus.Active)
        {
            changed |= await ChangeTierAsync(row, tier, PaymentActors.Stripe, notice.SubscriptionId, "", cancellationToken);
        }
        if (notice.Deleted)
        {
            changed |= await CancelNowAsync(row, PaymentActors.Stripe, "", cancellationToken);
        }
        else if (notice.CancelAtPeriodEnd != (row.CancelAtPeriodEnd == 1))
        {
            changed |= await SetCancelAtPeriodEndAsync(row, notice.CancelAtPeriodEnd, PaymentActors.Stripe, "", cancellationToken);
        }
        return changed ? SubscriptionResult.Applied : SubscriptionResult.Unchanged;
    }

    // ---- Manual subscriptions (enterprise contracts) ----

    /// <summary>Starts a manual subscription on <paramref name="tierId"/> now and allocates its first period; a retried start returns the same subscription.</summary>
    public async Task<SubscriptionView> StartManualAsync(string accountId, string tierId, string idempotencyKey, string requestedBy,
        string? email = null, CancellationToken cancellationToken = default)
    {
        AccountIds.Parse(accountId, "account_id");
        Require.IdempotencyKey(idempotencyKey);
        if (email is { Length: > 0 } && (email.Length > EmailLengthMax || !Text.IsPrintableAscii(email) || !email.Contains('@', StringComparison.Ordinal)))
        {
            throw LedgerErrors.Invalid("email", $"email must be one address of at most {EmailLengthMax} printable ASCII characters.");
        }
        var tier = FindTier(tierId);
        var subscriptionId = SubscriptionKeys.ManualId(accountId, idempotencyKey);
        await using var held = await _locks.ForSubscriptionAsync(subscriptionId, cancellationToken);
        var row = await _store.FindAsync(subscriptionId, cancellationToken);
        if (row is null)
        {
            var now = Clock.Now(_time);
            row = NewRow(accountId, subscriptionId, SubscriptionSource.Manual, tier.TierId, now, now.AddMonths(tier.PeriodMonths),
                string.IsNullOrEmpty(email) ? null : email);
            await _store.InsertAsync(row, cancellationToken);
        }
        if (row.Status == (int)SubscriptionStatus.Active && FindTierOrNull(row.TierId) is { } current)
        {
            await AllocateAsync(row, current, SubscriptionKeys.Allocation(SubscriptionSource.Manual, subscriptionId, "", row.PeriodStartMs),
                Clock.FromMs(row.PeriodStartMs), Clock.FromMs(row.PeriodEndMs), subscriptionId, ManualActor, requestedBy, cancellationToken);
        }
        return View(row);
    }

    /// <summary>Moves a manual subscription to another tier: an upgrade is granted at once, a downgrade takes effect at the next renewal.</summary>
    public async Task<SubscriptionView> ChangeManualAsync(string subscriptionId, string tierId, string idempotencyKey, string requestedBy,
        CancellationToken cancellationToken = default)
    {
        // Changes are keyed by subscription, period and tier; the caller's key is checked for form only.
        Require.IdempotencyKey(idempotencyKey);
        RequireSubscriptionId(subscriptionId);
        var tier = FindTier(tierId);
        await using var held = await _locks.ForSubscriptionAsync(subscriptionId, cancellationToken);
        var row = await FindManualAsync(subscriptionId, cancellationToken);
        if (row.Status == (int)SubscriptionStatus.Canceled)
        {
            throw LedgerErrors.SubscriptionCanceled(subscriptionId);
        }
        await ChangeTierAsync(row, tier, ManualActor, subscriptionId, requestedBy, cancellationToken);
        return View(row);
    }

    /// <summary>Cancels a manual subscription now, or at the end of its period; what it granted stays until it expires.</summary>
    public async Task<SubscriptionView> CancelManualAsync(string subscriptionId, bool atPeriodEnd, string idempotencyKey, string requestedBy,
        CancellationToken cancellationToken = default)
    {
        Require.IdempotencyKey(idempotencyKey);
        RequireSubscriptionId(subscriptionId);
        await using var held = await _locks.ForSubscriptionAsync(subscriptionId, cancellationToken);
        var row = await FindManualAsync(subscriptionId, cancellationToken);
        if (row.Status == (int)SubscriptionStatus.Active)
        {
            if (atPeriodEnd)
            {
                await SetCancelAtPeriodEndAsync(row, true, ManualActor, requestedBy, cancellationToken);
            }
            else
            {
                await CancelNowAsync(row, ManualActor, requestedBy, cancellationToken);
            }
        }
        return View(row);
    }

    /// <summary>The subscription with <paramref name="subscriptionId"/> (Stripe's or manual).</summary>
    public async Task<SubscriptionView> GetAsync(string subscriptionId, CancellationToken cancellationToken = default)
    {
        RequireSubscriptionId(subscriptionId);
        var row = await _store.FindAsync(subscriptionId, cancellationToken) ?? throw LedgerErrors.SubscriptionNotFound(subscriptionId);
        return View(row);
    }

    /// <summary>
    /// Renews every manual subscription whose period has ended: the next period starts where the
    /// last ended, at the scheduled downgrade's tier if there is one, and is allocated; one set to
    /// cancel at the period's end is cancelled instead. Returns how many subscriptions it moved.
    /// </summary>
    public async Task<int> RenewDueAsync(CancellationToken cancellationToken = default)
    {
        var now = Clock.Now(_time);
        var due = await _store.DueManualAsync(Clock.ToMs(now), RenewalsPerPassMax, cancellationToken);
        var moved = 0;
        foreach (var candidate in due)
        {
            await using var held = await _locks.ForSubscriptionAsync(candidate.SubscriptionId, cancellationToken);
            var row = await _store.FindAsync(candidate.SubscriptionId, cancellationToken);
            var renewed = false;
            while (row is { Status: (int)SubscriptionStatus.Active } && row.PeriodEndMs <= Clock.ToMs(now))
            {
                if (row.CancelAtPeriodEnd == 1)
                {
                    row.Status = (int)SubscriptionStatus.Canceled;
                    await SaveAsync(row, cancellationToken);
                    renewed = true;
                    break;
                }
                var tierId = row.PendingTierId ?? row.TierId;
                if (FindTierOrNull(tierId) is not { } tier)
                {
                    LogRenewalUnknownTier(row.SubscriptionId, tierId);
                    break;
                }
                var start = Clock.FromMs(row.PeriodEndMs);
                var end = start.AddMonths(tier.PeriodMonths);
                // Allocated before the row moves on: a crash in between repeats the same keyed grant.
                await AllocateAsync(row, tier, SubscriptionKeys.Allocation(SubscriptionSource.Manual, row.SubscriptionId, "", Clock.ToMs(start)),
                    start, end, row.SubscriptionId, ManualActor, "", cancellationToken);
                row.PeriodStartMs = Clock.ToMs(start);
                row.PeriodEndMs = Clock.ToMs(end);
                row.TierId = tier.TierId;
                row.PendingTierId = null;
                await SaveAsync(row, cancellationToken);
                renewed = true;
            }
            moved += renewed ? 1 : 0;
        }
        return moved;
    }

    // ---- The rules ----

    /// <summary>Grants a period's allocation once per key, with the tier's rollover terms, and the renewal email.</summary>
    private Task<bool> AllocateAsync(SubscriptionRow row, SubscriptionTier tier, string key, DateTimeOffset periodStart, DateTimeOffset periodEnd,
        string reference, string actor, string requestedBy, CancellationToken cancellationToken) =>
        OnceAsync(row.AccountId, row.SubscriptionId, key, SubscriptionGrantKind.Allocation, tier.TierId, periodStart, periodEnd, async grantKey =>
        {
            if (periodEnd <= Clock.Now(_time))
            {
                // Its credits would expire the moment they arrived (a period's invoice delivered
                // after the period ended): recorded, so it is never granted later either.
                LogPeriodOver(row.SubscriptionId, reference, periodEnd);
                return (0, null);
            }
            var rollover = tier.RolloverExpiresAt(periodEnd) is { } rolloverExpiresAt ? new RolloverTerms(tier.RolloverCapCredits, rolloverExpiresAt) : null;
            var grant = new GrantCommand(actor, row.AccountId, tier.CreditsPerPeriod, Bucket.Subscription, periodEnd, null, reference, grantKey,
                Metadata("subscription_allocation", row.SubscriptionId, requestedBy, ("tier_id", tier.TierId),
                    ("period_start", Iso(periodStart)), ("period_end", Iso(periodEnd))))
            {
                Rollover = rollover,
                Notification = SubscriptionEmails.Renewal(row.AccountId, row.SubscriptionId, tier.TierId, tier.CreditsPerPeriod, periodEnd, row.Email),
            };
            var result = await _ledger.GrantAsync(grant, cancellationToken);
            return (tier.CreditsPerPeriod, result.LotId);
        }, cancellationToken);

    /// <summary>Applies a change to <paramref name="tier"/>: an upgrade at once (prorated or whole), a downgrade at the next renewal.</summary>
    private async Task<bool> ChangeTierAsync(SubscriptionRow row, SubscriptionTier tier, string actor, string reference, string requestedBy,
        CancellationToken cancellationToken)
    {
        if (tier.TierId == row.TierId)
        {
            if (row.PendingTierId is null)
            {
                return false;
            }
            // Back to the current tier before the renewal: the scheduled downgrade is off.
            row.PendingTierId = null;
            await SaveAsync(row, cancellationToken);
            return true;
        }
        var old = FindTierOrNull(row.TierId);
        var oldCredits = old?.CreditsPerPeriod ?? 0;
        var periodStart = Clock.FromMs(row.PeriodStartMs);
        var periodEnd = Clock.FromMs(row.PeriodEndMs);
        if (tier.CreditsPerPeriod < oldCredits)
        {
            if (row.PendingTierId == tier.TierId)
            {
                return false;
            }
            row.PendingTierId = tier.TierId;
            await SaveAsync(row, cancellationToken);
            await OnceAsync(row.AccountId, row.SubscriptionId, SubscriptionKeys.Downgrade(row.SubscriptionId, row.PeriodStartMs, tier.TierId),
                SubscriptionGrantKind.Downgrade, tier.TierId, periodStart, periodEnd, async key =>
                {
                    await Note(actor, row.AccountId, reference, key, "subscription_downgrade_scheduled", row.SubscriptionId,
                        null, cancellationToken,
                        ("old_tier", row.TierId), ("new_tier", tier.TierId), ("effective_at", Iso(periodEnd)), ("requested_by", requestedBy));
                    return (0, null);
                }, cancellationToken);
            return true;
        }
        var granted = await _store.GrantedForPeriodAsync(row.AccountId, row.SubscriptionId, row.PeriodEndMs, cancellationToken);
        var now = Clock.Now(_time);
        var difference = tier.CreditsPerPeriod - granted;
        if (tier.UpgradeGrant == UpgradeGrant.Prorated && difference > 0)
        {
            // A period paid ahead (its invoice came early) has all of it left, never more.
            var length = (periodEnd - periodStart).Ticks;
            var left = Math.Clamp((periodEnd - now).Ticks, 0, length);
            difference = (long)((Int128)difference * left / length);
        }
        if (granted > 0 && difference > 0 && periodEnd > now)
        {
            // The upgrade lot rolls over only the rise in cap, so the period's lots together carry at
            // most the new tier's cap.
            var cap = Math.Max(0, tier.RolloverCapCredits - (old?.RolloverCapCredits ?? 0));
            var rollover = cap > 0 && tier.RolloverExpiresAt(periodEnd) is { } at ? new RolloverTerms(cap, at) : null;
            await OnceAsync(row.AccountId, row.SubscriptionId, SubscriptionKeys.Upgrade(row.SubscriptionId, row.PeriodStartMs, tier.TierId),
                SubscriptionGrantKind.Upgrade, tier.TierId, periodStart, periodEnd, async key =>
                {
                    var grant = new GrantCommand(actor, row.AccountId, difference, Bucket.Subscription, periodEnd, null, reference, key,
                        Metadata("subscription_upgrade", row.SubscriptionId, requestedBy, ("old_tier", row.TierId), ("new_tier", tier.TierId),
                            ("proration", tier.UpgradeGrant == UpgradeGrant.Prorated ? "prorated" : "whole")))
                    {
                        Rollover = rollover,
                    };
                    var result = await _ledger.GrantAsync(grant, cancellationToken);
                    return (difference, result.LotId);
                }, cancellationToken);
        }
        else
        {
            // Nothing to grant (the period is not allocated yet, or already holds as much): the
            // change is still journalled, with both tiers.
            await OnceAsync(row.AccountId, row.SubscriptionId, SubscriptionKeys.TierChange(row.SubscriptionId, row.PeriodStartMs, tier.TierId),
                SubscriptionGrantKind.Upgrade, tier.TierId, periodStart, periodEnd, async key =>
                {
                    await Note(actor, row.AccountId, reference, key, "subscription_tier_changed", row.SubscriptionId,
                        null, cancellationToken, ("old_tier", row.TierId), ("new_tier", tier.TierId), ("requested_by", requestedBy));
                    return (0, null);
                }, cancellationToken);
        }
        row.TierId = tier.TierId;
        row.PendingTierId = null;
        await SaveAsync(row, cancellationToken);
        // The tier moved even when a redelivered report found its grant already made.
        return true;
    }

    private async Task<bool> CancelNowAsync(SubscriptionRow row, string actor, string requestedBy, CancellationToken cancellationToken)
    {
        if (row.Status == (int)SubscriptionStatus.Canceled)
        {
            return false;
        }
        row.Status = (int)SubscriptionStatus.Canceled;
        await SaveAsync(row, cancellationToken);
        var now = Clock.Now(_time);
        await OnceAsync(row.AccountId, row.SubscriptionId, SubscriptionKeys.Cancel(row.SubscriptionId), SubscriptionGrantKind.Cancellation,
            row.TierId, Clock.FromMs(row.PeriodStartMs), Clock.FromMs(row.PeriodEndMs), async key =>
            {
                await Note(actor, row.AccountId, row.SubscriptionId, key, "subscription_canceled", row.SubscriptionId,
                    SubscriptionEmails.Cancellation(row.AccountId, row.SubscriptionId, row.TierId, now, row.Email), cancellationToken,
                    ("tier_id", row.TierId), ("effective_at", Iso(now)), ("requested_by", requestedBy));
                return (0, null);
            }, cancellationToken);
        return true;
    }

    private async Task<bool> SetCancelAtPeriodEndAsync(SubscriptionRow row, bool cancel, string actor, string requestedBy,
        CancellationToken cancellationToken)
    {
        row.CancelAtPeriodEnd = cancel ? 1 : 0;
        await SaveAsync(row, cancellationToken);
        var periodEnd = Clock.FromMs(row.PeriodEndMs);
        var key = cancel ? SubscriptionKeys.CancelAtPeriodEnd(row.SubscriptionId, row.PeriodEndMs) : SubscriptionKeys.Resume(row.SubscriptionId, row.PeriodEndMs);
        await OnceAsync(row.AccountId, row.SubscriptionId, key, cancel ? SubscriptionGrantKind.Cancellation : SubscriptionGrantKind.Resumed,
            row.TierId, Clock.FromMs(row.PeriodStartMs), periodEnd, async grantKey =>
            {
                await Note(actor, row.AccountId, row.SubscriptionId, grantKey, cancel ? "subscription_cancel_scheduled" : "subscription_resumed",
                    row.SubscriptionId,
                    cancel ? SubscriptionEmails.Cancellation(row.AccountId, row.SubscriptionId, row.TierId, periodEnd, row.Email) : null,
                    cancellationToken, ("tier_id", row.TierId), ("effective_at", Iso(periodEnd)), ("requested_by", requestedBy));
                return (0, null);
            }, cancellationToken);
        return true;
    }

    /// <summary>
    /// Runs <paramref name="act"/> once per (account, key): it sends ledger commands keyed by
    /// <paramref name="key"/>, then the grant record is written. A crash in between repeats the same
    /// keyed commands, which the ledger answers from its idempotency record.
    /// </summary>
    private async Task<bool> OnceAsync(string accountId, string subscriptionId, string key, SubscriptionGrantKind kind, string tierId,
        DateTimeOffset periodStart, DateTimeOffset periodEnd, Func<string, Task<(long Amount, string? LotId)>> act, CancellationToken cancellationToken)
    {
        if (await _store.FindGrantAsync(accountId, key, cancellationToken) is not null)
        {
            return false;
        }
        var (amount, lotId) = await act(key);
        await _store.InsertAsync(new SubscriptionGrantRow
        {
            AccountId = accountId,
            GrantKey = key,
            SubscriptionId = subscriptionId,
            Kind = (int)kind,
            TierId = tierId,
            Amount = amount,
            LotId = lotId,
            PeriodStartMs = Clock.ToMs(periodStart),
            PeriodEndMs = Clock.ToMs(periodEnd),
            CreatedAtMs = Clock.ToMs(Clock.Now(_time)),
        }, cancellationToken);
        return true;
    }

    /// <summary>Journals a note (no balance change) keyed by <paramref name="key"/>, with the fields as metadata and an optional email.</summary>
    private Task<NoteResult> Note(string actor, string accountId, string reference, string key, string what, string subscriptionId,
        Outbox.OutboxMessage? notification, CancellationToken cancellationToken, params (string Key, string Value)[] fields) =>
        _ledger.NoteAsync(new NoteCommand(actor, accountId, reference, key, Metadata(what, subscriptionId, "", fields))
        {
            Notification = notification,
        }, cancellationToken);

    private static Dictionary<string, string> Metadata(string what, string subscriptionId, string requestedBy, params (string Key, string Value)[] fields)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["event"] = what, ["subscription_id"] = subscriptionId };
        foreach (var (key, value) in fields)
        {
            if (value.Length > 0)
            {
                metadata[key] = value;
            }
        }
        if (requestedBy.Length > 0)
        {
            metadata["requested_by"] = requestedBy;
        }
        return metadata;
    }

    private SubscriptionRow NewRow(string accountId, string subscriptionId, SubscriptionSource source, string tierId, DateTimeOffset periodStart,
        DateTimeOffset periodEnd, string? email)
    {
        var nowMs = Clock.ToMs(Clock.Now(_time));
        return new SubscriptionRow
        {
            AccountId = accountId,
            SubscriptionId = subscriptionId,
            Source = (int)source,
            TierId = tierId,
            Status = (int)SubscriptionStatus.Active,
            PeriodStartMs = Clock.ToMs(periodStart),
            PeriodEndMs = Clock.ToMs(periodEnd),
            Email = email,
            CreatedAtMs = nowMs,
            UpdatedAtMs = nowMs,
        };
    }

    private async Task<SubscriptionRow> FindManualAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        RequireSubscriptionId(subscriptionId);
        var row = await _store.FindAsync(subscriptionId, cancellationToken) ?? throw LedgerErrors.SubscriptionNotFound(subscriptionId);
        if (row.Source != (int)SubscriptionSource.Manual)
        {
            throw LedgerErrors.Invalid("subscription_id", "A Stripe subscription is changed and cancelled in Stripe, which tells the ledger.");
        }
        return row;
    }

    private Task SaveAsync(SubscriptionRow row, CancellationToken cancellationToken)
    {
        row.UpdatedAtMs = Clock.ToMs(Clock.Now(_time));
        return _store.UpdateAsync(row, cancellationToken);
    }

    private SubscriptionTier FindTier(string tierId) =>
        FindTierOrNull(tierId) ?? (string.IsNullOrEmpty(tierId) ? throw LedgerErrors.Invalid("tier_id", "tier_id is required.") : throw LedgerErrors.TierNotFound(tierId));

    private SubscriptionTier? FindTierOrNull(string? tierId) => string.IsNullOrEmpty(tierId) ? null : _catalog.Find(tierId);

    private static SubscriptionView View(SubscriptionRow row) => new(row.SubscriptionId, row.AccountId, (SubscriptionSource)row.Source, row.TierId,
        (SubscriptionStatus)row.Status, Clock.FromMs(row.PeriodStartMs), Clock.FromMs(row.PeriodEndMs), row.CancelAtPeriodEnd == 1, row.PendingTierId);

    private static void RequireSubscriptionId(string subscriptionId) => ProviderIds.Require(subscriptionId, "subscription_id");

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Subscription {SubscriptionId} (invoice {InvoiceId}) names account '{AccountId}', which is not a valid account id: nothing granted, kept for replay")]
    private partial void LogUnknownAccount(string invoiceId, string subscriptionId, string? accountId);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Subscription {SubscriptionId} (invoice {InvoiceId}) bills price '{PriceId}', which no tier sells: nothing granted, kept for replay")]
    private partial void LogUnknownPrice(string invoiceId, string subscriptionId, string priceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invoice {InvoiceId} of cancelled subscription {SubscriptionId} allocates nothing")]
    private partial void LogAfterCancellation(string invoiceId, string subscriptionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {SubscriptionId}: the period of {Reference} ended at {PeriodEnd}; nothing granted")]
    private partial void LogPeriodOver(string subscriptionId, string reference, DateTimeOffset periodEnd);

    [LoggerMessage(Level = LogLevel.Error, Message = "Manual subscription {SubscriptionId} cannot renew: tier '{TierId}' is not in the catalogue")]
    private partial void LogRenewalUnknownTier(string subscriptionId, string tierId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a {Kind} report ({Id}) with {Problem}")]
    private partial void LogUnusable(string kind, string? id, string problem);
}
