namespace Credits.Ledger.Payments;

// Money claimed back from a payment: a refund, or a dispute. Each may take back a share of the
// purchase's credits; the share is fixed once, when its claw-back starts, so that a retry sends the
// same ledger command, and later claw-backs of the same payment count it (see Payment). Part of
// Payment, which is the only one to fix a share.
internal abstract class PaymentClaim
{
    protected PaymentClaim(string id, long amount, long clawCredits, long clawBonus, DateTimeOffset createdAt, bool isStored)
    {
        Id = id;
        Amount = amount;
        ClawCredits = clawCredits;
        ClawBonus = clawBonus;
        CreatedAt = createdAt;
        IsStored = isStored;
        HasChanges = !isStored;
    }

    // The provider's id: the claw-back's reference and the scope of its keys.
    public string Id { get; }

    // Money claimed, in the payment's minor unit; never negative.
    public long Amount { get; }

    // Purchased credits the claw-back takes.
    public long ClawCredits { get; private set; }

    // Bonus credits the claw-back takes.
    public long ClawBonus { get; private set; }

    // When the provider created it; the claims of one payment apply in this order.
    public DateTimeOffset CreatedAt { get; }

    // Its claw-back is fixed: later claw-backs of the same payment take their shares after it.
    public abstract bool HasClawback { get; }

    public bool IsStored { get; private set; }

    public bool HasChanges { get; private set; }

    // Called by the repository once the claim is written.
    public void MarkSaved()
    {
        IsStored = true;
        HasChanges = false;
    }

    protected void FixClawback(long credits, long bonus)
    {
        Require(credits >= 0 && bonus >= 0, "a claw-back takes a share, never gives");
        ClawCredits = credits;
        ClawBonus = bonus;
    }

    protected void Changed() => HasChanges = true;

    protected void Require(bool condition, string rule)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"{this}: {rule}.");
        }
    }
}
