namespace Credits.Ledger.Payments;

/// <summary>The outcome of a checkout report; for <see cref="PaymentOutcome.Unapplied"/>, why.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Reason">For an unapplied report, one of <see cref="CheckoutMatch"/>'s reasons.</param>
/// <param name="Detail">For an unapplied report: what was paid against what was sold.</param>
public sealed record CheckoutResult(PaymentOutcome Outcome, string? Reason = null, string? Detail = null);
