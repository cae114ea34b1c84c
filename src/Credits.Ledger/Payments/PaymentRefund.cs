namespace Credits.Ledger.Payments;

// One refund of a payment: what the provider says about it (amount, status) and what the ledger
// has done about it (state, and the credits its claw-back takes). Part of Payment.
internal sealed class PaymentRefund
{
    // Restores a refund as it was stored.
    public PaymentRefund(string refundId, long amount, RefundStatus status, RefundState state, long clawCredits, long clawBonus,
        DateTimeOffset createdAt)
    {
        RefundId = refundId;
        Amount = amount;
        Status = status;
        State = state;
        ClawCredits = clawCredits;
        ClawBonus = clawBonus;
        CreatedAt = createdAt;
        IsStored = true;
    }

    // A refund reported for the first time: nothing is done about it yet.
    public static PaymentRefund Reported(RefundNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return new PaymentRefund(notice.RefundId, Math.Max(0, notice.Amount), notice.Status, RefundState.Waiting, 0, 0, notice.CreatedAt)
        {
            IsStored = false,
            HasChanges = true,
        };
    }

    public string RefundId { get; }

    // Money refunded, in the payment's minor unit; never negative.
    public long Amount { get; }

    public RefundStatus Status { get; private set; }

    public RefundState State { get; private set; }

    // Purchased credits the claw-back takes, fixed when it starts so that a retry sends the same command.
    public long ClawCredits { get; private set; }

    // Bonus credits the claw-back takes, fixed with ClawCredits.
    public long ClawBonus { get; private set; }

    // When the provider created the refund; the refunds of one payment apply in this order.
    public DateTimeOffset CreatedAt { get; }

    // Failed or cancelled: whatever was taken for it goes back.
    public bool HasFailed => Status >= RefundStatus.Failed;

    // Its claw-back is fixed: later claw-backs of the same payment take their shares after it.
    public bool HasClawback => State is RefundState.Clawing or RefundState.Clawed;

    public bool IsStored { get; private set; }

    public bool HasChanges { get; private set; }

    // A status only moves up its precedence, so a late "pending" never undoes "failed".
    public void RecordStatus(RefundStatus status)
    {
        if (status <= Status)
        {
            return;
        }
        Status = status;
        HasChanges = true;
    }

    // Failed before anything was taken (its events arrived out of order): there is never anything to do.
    public void Void()
    {
        Require(HasFailed, "only a failed refund is void");
        Require(State == RefundState.Waiting, "a refund whose credits were taken is reversed, not void");
        State = RefundState.Void;
        HasChanges = true;
    }

    // Fixes the credits the claw-back takes; only its payment calls this, since the shares depend on the payment's other claw-backs.
    public void StartClawback(long credits, long bonus)
    {
        Require(!HasFailed, "a failed refund takes nothing");
        Require(State == RefundState.Waiting, "a refund's claw-back is fixed once");
        Require(credits >= 0 && bonus >= 0, "a claw-back takes a share, never gives");
        ClawCredits = credits;
        ClawBonus = bonus;
        State = RefundState.Clawing;
        HasChanges = true;
    }

    // The claw-back's ledger commands were applied.
    public void MarkClawed()
    {
        Require(State == RefundState.Clawing, "only a claw-back under way completes");
        State = RefundState.Clawed;
        HasChanges = true;
    }

    // The refund failed after its credits were taken, and the ledger gave them back.
    public void MarkReversed()
    {
        Require(HasFailed, "only a failed refund is reversed");
        Require(HasClawback, "only credits taken are given back");
        State = RefundState.Reversed;
        HasChanges = true;
    }

    // Called by the repository once the refund is written.
    public void MarkSaved()
    {
        IsStored = true;
        HasChanges = false;
    }

    private void Require(bool condition, string rule)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Refund {RefundId} ({Status}, {State}): {rule}.");
        }
    }
}
