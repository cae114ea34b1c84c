namespace Credits.Ledger.Payments;

// Everything known about one payment: its checkout (once reported), the pack it bought, what the
// ledger granted for it, and its refunds and disputes. It folds reports into what is known so that
// the result does not depend on the order they arrive in (statuses only move up their precedence,
// what was learned first stands), and it allows a ledger step only when its preconditions hold:
// nothing is clawed back or frozen before the purchase is granted, and each claw-back's share is
// fixed once, counting the claw-backs fixed before it. Every change marks the part it changed, so
// the repository writes exactly those parts.
internal sealed class Payment
{
    // Note reasons: stored as the note sent, and written into the journal's metadata for support.
    public const string AsyncPaymentFailedNote = "async_payment_failed";
    public const string UnknownPackNote = "unknown_pack";

    private readonly List<PaymentRefund> _refunds;
    private readonly List<PaymentDispute> _disputes;
    private List<BundleLot> _lots = [];

    // A payment whose checkout has not been reported: only refunds or disputes (or nothing) so far.
    public Payment(string paymentId, IEnumerable<PaymentRefund> refunds, IEnumerable<PaymentDispute> disputes)
    {
        PaymentId = paymentId;
        _refunds = [.. refunds];
        _disputes = [.. disputes];
    }

    // Restores a payment whose checkout was stored.
    public Payment(string paymentId, string accountId, string sessionId, string packId, string? packName, long credits, long bonusCredits,
        int? validityMonths, long amountTotal, string? currency, string? email, CheckoutStatus status, DateTimeOffset? paidAt,
        DateTimeOffset? expiresAt, string? purchaseLotId, string? bonusLotId, string? notedReason, DateTimeOffset createdAt,
        IEnumerable<PaymentRefund> refunds, IEnumerable<PaymentDispute> disputes, IEnumerable<BundleLot>? lots = null)
        : this(paymentId, refunds, disputes)
    {
        _lots = [.. lots ?? []];
        AccountId = accountId;
        SessionId = sessionId;
        PackId = packId;
        PackName = packName;
        Credits = credits;
        BonusCredits = bonusCredits;
        ValidityMonths = validityMonths;
        AmountTotal = amountTotal;
        Currency = currency;
        Email = email;
        Status = status;
        PaidAt = paidAt;
        ExpiresAt = expiresAt;
        PurchaseLotId = purchaseLotId;
        BonusLotId = bonusLotId;
        NotedReason = notedReason;
        CreatedAt = createdAt;
        IsCheckoutKnown = true;
        IsStored = true;
    }

    public string PaymentId { get; }

    // False until a checkout names this payment; until then only its refunds and disputes are known
    // and the checkout's fields are empty.
    public bool IsCheckoutKnown { get; private set; }

    public string AccountId { get; private set; } = "";

    // The checkout session: the reference of the purchase's lots and the scope of its keys.
    public string SessionId { get; private set; } = "";

    public string PackId { get; private set; } = "";

    public string? PackName { get; private set; }

    // Zero while the catalogue did not know the pack: nothing is granted until a report names it.
    public long Credits { get; private set; }

    public long BonusCredits { get; private set; }

    public int? ValidityMonths { get; private set; }

    // What the customer paid, in the currency's minor unit; claw-backs are shares of it.
    public long AmountTotal { get; private set; }

    public string? Currency { get; private set; }

    public string? Email { get; private set; }

    public CheckoutStatus Status { get; private set; }

    // Kept as stored; no rule sets it.
    public DateTimeOffset? PaidAt { get; }

    // When the purchase's lots expire, fixed before the grant is sent.
    public DateTimeOffset? ExpiresAt { get; private set; }

    public string? PurchaseLotId { get; private set; }

    public string? BonusLotId { get; private set; }

    // The last note sent to the journal, so that each note is sent once.
    public string? NotedReason { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    // A bundle's further lots, as sold (with their expiries and, once granted, their lot ids).
    public IReadOnlyList<BundleLot> Lots => _lots;

    public IReadOnlyList<PaymentRefund> Refunds => _refunds;

    public IReadOnlyList<PaymentDispute> Disputes => _disputes;

    // Whether the checkout's row exists, and whether it changed since it was loaded or saved; the
    // refunds and disputes say the same of themselves.
    public bool IsStored { get; private set; }

    public bool HasChanges { get; private set; }

    // Paid for a pack the catalogue knew: the purchase is (or is to be) granted.
    public bool IsGrantable => IsCheckoutKnown && Status == CheckoutStatus.Paid && Credits != 0;

    public bool IsGranted => PurchaseLotId is not null;

    // The note support should see and has not been sent yet: a payment that failed, or one paid for
    // a pack the catalogue does not have.
    public string? NoteDue
    {
        get
        {
            var reason = !IsCheckoutKnown ? null : Status switch
            {
                CheckoutStatus.Failed => AsyncPaymentFailedNote,
                CheckoutStatus.Paid when Credits == 0 => UnknownPackNote,
                _ => null,
            };
            return reason == NotedReason ? null : reason;
        }
    }

    public void RecordCheckout(CheckoutNotice notice, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(notice);
        RequireOwn(notice.PaymentId);
        if (!IsCheckoutKnown)
        {
            AccountId = notice.AccountId;
            SessionId = notice.SessionId;
            PackId = notice.PackId;
            AmountTotal = Math.Max(0, notice.AmountTotal);
            Currency = notice.Currency;
            Email = notice.Email;
            Status = notice.Status;
            CreatedAt = now;
            TakePack(notice.Pack);
            IsCheckoutKnown = true;
            HasChanges = true;
            return;
        }
        if (notice.Status > Status)
        {
            Status = notice.Status;
            HasChanges = true;
        }
        // A pack the catalogue did not know when the checkout was first seen (removed, or a
        // configuration mistake) is taken from a later report once the catalogue knows it again.
        if (Credits == 0 && PurchaseLotId is null && notice.Pack is not null)
        {
            TakePack(notice.Pack);
            HasChanges = true;
        }
        if (Email is null && notice.Email is not null)
        {
            Email = notice.Email;
            HasChanges = true;
        }
    }

    public void RecordRefund(RefundNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        RequireOwn(notice.PaymentId);
        Record(_refunds, notice.RefundId, () => PaymentRefund.Reported(notice), refund => refund.RecordStatus(notice.Status));
    }

    public void RecordDispute(DisputeNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        RequireOwn(notice.PaymentId);
        Record(_disputes, notice.DisputeId, () => PaymentDispute.Reported(notice), dispute => dispute.RecordStatus(notice.Status));
    }

    public void MarkNoted(string reason)
    {
        Require(reason == NoteDue, $"the note due is '{NoteDue}', not '{reason}'");
        NotedReason = reason;
        HasChanges = true;
    }

    // Fixed before the grant is sent: a retry must send the same expiry, or the ledger would see a
    // different request under the same idempotency key.
    public void FixExpiry(DateTimeOffset now)
    {
        RequireGrantable();
        Require(!IsGranted, "the expiry is fixed before the grant");
        if (ExpiresAt is null && ValidityMonths is > 0 and var months)
        {
            ExpiresAt = now.AddMonths(months);
            HasChanges = true;
        }
        foreach (var lot in _lots.Where(lot => lot.ExpiresAt is null && lot.Lot.ValidityDays is > 0))
        {
            lot.ExpiresAt = now.AddDays(lot.Lot.ValidityDays!.Value);
            HasChanges = true;
        }
    }

    public void MarkGranted(string purchaseLotId, string? bonusLotId, IReadOnlyList<string>? lotIds = null)
    {
        lotIds ??= [];
        Require(lotIds.Count == _lots.Count, "every further lot of a bundle is granted with the purchase");
        ArgumentException.ThrowIfNullOrEmpty(purchaseLotId);
        RequireGrantable();
        Require(!IsGranted, "a purchase is granted once");
        Require((BonusCredits > 0) == (bonusLotId is not null), "a bonus lot exists exactly when the pack has bonus credits");
        PurchaseLotId = purchaseLotId;
        BonusLotId = bonusLotId;
        for (var i = 0; i < lotIds.Count; i++)
        {
            _lots[i].LotId = lotIds[i];
        }
        HasChanges = true;
    }

    // Fixes what the refund takes back, its share counted after the claw-backs fixed before it.
    public void StartRefundClawback(PaymentRefund refund)
    {
        RequirePart(_refunds, refund);
        RequireGranted();
        var (credits, bonus) = ClawbackShares(refund.Amount);
        refund.StartClawback(credits, bonus);
    }

    public void MarkDisputeFrozen(PaymentDispute dispute)
    {
        RequirePart(_disputes, dispute);
        RequireGranted();
        dispute.MarkFrozen();
    }

    // Fixes what the lost dispute takes back, its share counted after the claw-backs fixed before it.
    public void StartDisputeClawback(PaymentDispute dispute)
    {
        RequirePart(_disputes, dispute);
        RequireGranted();
        var (credits, bonus) = ClawbackShares(dispute.Amount);
        dispute.StartClawback(credits, bonus);
    }

    // What a claw-back takes from a bundle's further lot: the same fraction of it as the claw-back
    // takes of the purchased credits (whose share is fixed by the money, see ClawbackShare), rounded
    // down, so that a full refund takes every lot back whole and a partial one takes each in proportion.
    public long LotShare(int index, long clawCredits) =>
        Credits <= 0 || clawCredits <= 0 ? 0 : (long)((Int128)_lots[index].Lot.Credits * Math.Min(clawCredits, Credits) / Credits);

    // Called by the repository once the checkout's row is written.
    public void MarkSaved()
    {
        IsStored = IsCheckoutKnown;
        HasChanges = false;
    }

    // The credits and bonus credits that money takes back, given the claw-backs already fixed.
    private (long Credits, long Bonus) ClawbackShares(long money)
    {
        var applied = _refunds.Concat<PaymentClaim>(_disputes).Where(claim => claim.HasClawback).ToList();
        var moneyBefore = applied.Sum(claim => claim.Amount);
        return (ClawbackShare.Next(Credits, AmountTotal, moneyBefore, applied.Sum(claim => claim.ClawCredits), money),
            ClawbackShare.Next(BonusCredits, AmountTotal, moneyBefore, applied.Sum(claim => claim.ClawBonus), money));
    }

    // A claim already known takes the report's news; a new one joins the payment.
    private static void Record<T>(List<T> claims, string id, Func<T> reported, Action<T> known) where T : PaymentClaim
    {
        if (claims.Find(claim => claim.Id == id) is { } found)
        {
            known(found);
            return;
        }
        claims.Add(reported());
    }

    private void TakePack(CreditPack? pack)
    {
        if (pack is null)
        {
            return;
        }
        PackName = pack.Name;
        Credits = pack.Credits;
        BonusCredits = pack.BonusCredits;
        ValidityMonths = pack.ValidityMonths;
        _lots = [.. pack.Lots.Select(lot => new BundleLot(lot))];
    }

    private void RequireOwn(string paymentId)
    {
        if (paymentId != PaymentId)
        {
            throw new ArgumentException($"A report of payment {paymentId} was given to payment {PaymentId}.", nameof(paymentId));
        }
    }

    // Refunds and disputes apply only on top of a granted purchase: before that there is nothing to
    // take back or freeze, and they wait.
    private void RequireGranted()
    {
        RequireGrantable();
        Require(IsGranted, "the purchase is not granted yet");
    }

    private void RequireGrantable() => Require(IsGrantable, "the payment is not paid for a known pack");

    private void RequirePart<T>(List<T> claims, T claim) where T : PaymentClaim =>
        Require(claims.Contains(claim), $"{claim} belongs to another payment");

    private void Require(bool condition, string rule)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Payment {PaymentId} ({Status}): {rule}.");
        }
    }
}
