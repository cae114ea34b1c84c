namespace Credits.Ledger.Payments;

// One dispute (chargeback) of a payment: what the provider says about it and what the ledger has
// done about it (frozen, released, or the credits its claw-back takes).
internal sealed class PaymentDispute : PaymentClaim
{
    // Restores a dispute as it was stored.
    public PaymentDispute(string disputeId, long amount, DisputeStatus status, DisputeState state, long clawCredits, long clawBonus,
        DateTimeOffset createdAt)
        : this(disputeId, amount, status, state, clawCredits, clawBonus, createdAt, isStored: true)
    {
    }

    private PaymentDispute(string disputeId, long amount, DisputeStatus status, DisputeState state, long clawCredits, long clawBonus,
        DateTimeOffset createdAt, bool isStored)
        : base(disputeId, amount, clawCredits, clawBonus, createdAt, isStored)
    {
        Status = status;
        State = state;
    }

    // A dispute reported for the first time: nothing is done about it yet.
    public static PaymentDispute Reported(DisputeNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return new PaymentDispute(notice.DisputeId, Math.Max(0, notice.Amount), notice.Status, DisputeState.Waiting, 0, 0, notice.CreatedAt,
            isStored: false);
    }

    public string DisputeId => Id;

    public DisputeStatus Status { get; private set; }

    public DisputeState State { get; private set; }

    public override bool HasClawback => State is DisputeState.Clawing or DisputeState.Clawed;

    // The first final status (won or lost) stands: a late "open" or a second verdict changes nothing.
    public void RecordStatus(DisputeStatus status)
    {
        if (Status != DisputeStatus.Open || status == DisputeStatus.Open)
        {
            return;
        }
        Status = status;
        Changed();
    }

    // What was left of the purchase is frozen; only its payment calls this, since only a granted
    // purchase can be frozen.
    public void MarkFrozen()
    {
        Require(Status == DisputeStatus.Open, "only an open dispute freezes");
        Require(State == DisputeState.Waiting, "a dispute freezes once");
        State = DisputeState.Frozen;
        Changed();
    }

    // Won: the freeze (if any was applied) ended, and the credits are available again.
    public void Release()
    {
        Require(Status == DisputeStatus.Won, "only a won dispute releases");
        Require(State is DisputeState.Waiting or DisputeState.Frozen, "a dispute is settled once");
        State = DisputeState.Released;
        Changed();
    }

    // Fixes the credits a lost dispute takes; only its payment calls this, since the shares depend
    // on the payment's other claw-backs.
    public void StartClawback(long credits, long bonus)
    {
        Require(Status == DisputeStatus.Lost, "only a lost dispute takes credits");
        Require(State is DisputeState.Waiting or DisputeState.Frozen, "a dispute's claw-back is fixed once");
        FixClawback(credits, bonus);
        State = DisputeState.Clawing;
        Changed();
    }

    // The lost dispute's credits were unfrozen and taken back.
    public void MarkClawed()
    {
        Require(State == DisputeState.Clawing, "only a claw-back under way completes");
        State = DisputeState.Clawed;
        Changed();
    }

    public override string ToString() => $"Dispute {Id} ({Status}, {State})";
}
