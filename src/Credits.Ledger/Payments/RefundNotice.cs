namespace Credits.Ledger.Payments;

/// <summary>What a payment provider says about one refund of a payment.</summary>
/// <param name="PaymentId">The refunded payment.</param>
/// <param name="RefundId">The refund: its claw-back is keyed by it, so it applies once however often it is told.</param>
/// <param name="Amount">Money refunded, in the payment's minor unit.</param>
/// <param name="Status">Where the refund stands.</param>
/// <param name="CreatedAt">When the refund was created; refunds of one payment apply in this order.</param>
public sealed record RefundNotice(string PaymentId, string RefundId, long Amount, RefundStatus Status, DateTimeOffset CreatedAt);
