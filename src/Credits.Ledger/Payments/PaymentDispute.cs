namespace Credits.Ledger.Payments;

// One dispute (chargeback) of a payment: what the provider says about it and what the ledger has
// done about it (frozen, released, or the credits its claw-back takes). Part of Payment.
internal sealed class PaymentDispute
{
    // Restores a dispute as it was stored.
    public PaymentDispute(string disputeId, long amount, DisputeStatus status, DisputeState state, long clawCredits, long clawBonus,
        DateTimeOffset createdAt)
    {
        DisputeId = disputeId;
        Amount = amount;
        Status = status;
        State = state;
        ClawCredits = clawCredits;
        ClawBonus = clawBonus;
        CreatedAt = createdAt;
        IsStored = true;
    }

    // A dispute reported for the first time: nothing is done about it yet.
    public static PaymentDispute Reported(DisputeNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return new PaymentDispute(notice.DisputeId, Math.Max(0, notice.Amount), notice.Status, DisputeState.Waiting, 0, 0, notice.CreatedAt)
        {
            IsStored = false,
            HasChanges = true,
        };
    }

    public string DisputeId { get; }

    // Money disputed, in the payment's minor unit; never negative.
    public long Amount { get; }

    public DisputeStatus Status { get; private set; }

    public DisputeState State { get; private set; }

    // Purchased credits a lost dispute takes, fixed when its claw-back starts so that a retry sends the same command.
    public long ClawCredits { get; private set; }

    // Bonus credits a lost dispute takes, fixed with ClawCredits.
    public long ClawBonus { get; private set; }

    // When the provider opened the dispute; the disputes of one payment apply in this order.
    public DateTimeOffset CreatedAt { get; }

    // Its claw-back is fixed: later claw-backs of the same payment take their shares after it.
    public bool HasClawback => State is DisputeState.Clawing or DisputeState.Clawed;

    public bool IsStored { get; private set; }

    public bool HasChanges { get; private set; }

    // The first final status (won or lost) stands: a late "open" or a second verdict changes nothing.
    public void RecordStatus(DisputeStatus status)
    {
        if (Status != DisputeStatus.Open || status == DisputeStatus.Open)
        {
            return;
        }
        Status = status;
        HasChanges = true;
    }

    // What was left of the purchase is frozen; only its payment calls this, since only a granted purchase can be frozen.
    public void MarkFrozen()
    {
        Require(Status == DisputeStatus.Open, "only an open dispute freezes");
        Require(State == DisputeState.Waiting, "a dispute freezes once");
        State = DisputeState.Frozen;
        HasChanges = true;
    }

    // Won: the freeze (if any was applied) ended, and the credits are available again.
    public void Release()
    {
        Require(Status == DisputeStatus.Won, "only a won dispute releases");
        Require(State is DisputeState.Waiting or DisputeState.Frozen, "a dispute is settled once");
        State = DisputeState.Released;
        HasChanges = true;
    }

    // Fixes the credits a lost dispute takes; only its payment calls this, since the shares depend on the payment's other claw-backs.
    public void StartClawback(long credits, long bonus)
    {
        Require(Status == DisputeStatus.Lost, "only a lost dispute takes credits");
        Require(State is DisputeState.Waiting or DisputeState.Frozen, "a dispute's claw-back is fixed once");
        Require(credits >= 0 && bonus >= 0, "a claw-back takes a share, never gives");
        ClawCredits = credits;
        ClawBonus = bonus;
        State = DisputeState.Clawing;
        HasChanges = true;
    }

    // The lost dispute's credits were unfrozen and taken back.
    public void MarkClawed()
    {
        Require(State == DisputeState.Clawing, "only a claw-back under way completes");
        State = DisputeState.Clawed;
        HasChanges = true;
    }

    // Called by the repository once the dispute is written.
    public void MarkSaved()
    {
        IsStored = true;
        HasChanges = false;
    }

    private void Require(bool condition, string rule)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Dispute {DisputeId} ({Status}, {State}): {rule}.");
        }
    }
}
