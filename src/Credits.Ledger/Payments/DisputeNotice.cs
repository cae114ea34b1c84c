namespace Credits.Ledger.Payments;

/// <summary>What a payment provider says about a dispute of a payment.</summary>
/// <param name="PaymentId">The disputed payment.</param>
/// <param name="DisputeId">The dispute: its freeze and claw-back are keyed by it.</param>
/// <param name="Amount">Money disputed, in the payment's minor unit.</param>
/// <param name="Status">Where the dispute stands.</param>
/// <param name="CreatedAt">When the dispute was opened.</param>
public sealed record DisputeNotice(string PaymentId, string DisputeId, long Amount, DisputeStatus Status, DateTimeOffset CreatedAt);
