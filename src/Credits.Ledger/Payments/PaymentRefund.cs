namespace Credits.Ledger.Payments;

// One refund of a payment: what the provider says about it (amount, status) and what the ledger
// has done about it (its state, and the credits its claw-back takes).
internal sealed class PaymentRefund : PaymentClaim
{
    // Restores a refund as it was stored.
    public PaymentRefund(string refundId, long amount, RefundStatus status, RefundState state, long clawCredits, long clawBonus,
        DateTimeOffset createdAt)
        : this(refundId, amount, status, state, clawCredits, clawBonus, createdAt, isStored: true)
    {
    }

    private PaymentRefund(string refundId, long amount, RefundStatus status, RefundState state, long clawCredits, long clawBonus,
        DateTimeOffset createdAt, bool isStored)
        : base(refundId, amount, clawCredits, clawBonus, createdAt, isStored)
    {
        Status = status;
        State = state;
    }

    // A refund reported for the first time: nothing is done about it yet.
    public static PaymentRefund Reported(RefundNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return new PaymentRefund(notice.RefundId, Math.Max(0, notice.Amount), notice.Status, RefundState.Waiting, 0, 0, notice.CreatedAt,
            isStored: false);
    }

    public string RefundId => Id;

    public RefundStatus Status { get; private set; }

    public RefundState State { get; private set; }

    // Failed or cancelled: whatever was taken for it goes back.
    public bool HasFailed => Status >= RefundStatus.Failed;

    public override bool HasClawback => State is RefundState.Clawing or RefundState.Clawed;

    // A status only moves up its precedence, so a late "pending" never undoes "failed".
    public void RecordStatus(RefundStatus status)
    {
        if (status <= Status)
        {
            return;
        }
        Status = status;
        Changed();
    }

    // Failed before anything was taken (its events arrived out of order): there is never anything to do.
    public void Void()
    {
        Require(HasFailed, "only a failed refund is void");
        Require(State == RefundState.Waiting, "a refund whose credits were taken is reversed, not void");
        State = RefundState.Void;
        Changed();
    }

    // Fixes the credits the claw-back takes; only its payment calls this, since the shares depend on
    // the payment's other claw-backs.
    public void StartClawback(long credits, long bonus)
    {
        Require(!HasFailed, "a failed refund takes nothing");
        Require(State == RefundState.Waiting, "a refund's claw-back is fixed once");
        FixClawback(credits, bonus);
        State = RefundState.Clawing;
        Changed();
    }

    // The claw-back's ledger commands were applied.
    public void MarkClawed()
    {
        Require(State == RefundState.Clawing, "only a claw-back under way completes");
        State = RefundState.Clawed;
        Changed();
    }

    // The refund failed after its credits were taken, and the ledger gave them back.
    public void MarkReversed()
    {
        Require(HasFailed, "only a failed refund is reversed");
        Require(HasClawback, "only credits taken are given back");
        State = RefundState.Reversed;
        Changed();
    }

    public override string ToString() => $"Refund {Id} ({Status}, {State})";
}
