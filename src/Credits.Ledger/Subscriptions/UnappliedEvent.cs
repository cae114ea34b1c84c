namespace Credits.Ledger.Subscriptions;

/// <summary>A provider event that could not be applied, kept with its raw payload until it is replayed.</summary>
/// <param name="EventId">The provider's event id.</param>
/// <param name="Type">The event type, for example <c>invoice.paid</c>.</param>
/// <param name="Payload">The event exactly as it arrived (its signature was verified then).</param>
/// <param name="Reason">Why it was not applied: <c>unknown_price</c> or <c>unknown_account</c> (subscriptions), or one of <see cref="Payments.CheckoutMatch"/>'s reasons.</param>
/// <param name="Detail">The price or subscription that could not be placed, or what a checkout paid against what it was sold for.</param>
/// <param name="ReceivedAt">When it first arrived.</param>
/// <param name="ReplayedAt">When a replay applied it; null while it waits.</param>
/// <param name="ReplayOutcome">What that replay did.</param>
public sealed record UnappliedEvent(
    string EventId,
    string Type,
    string Payload,
    string Reason,
    string Detail,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? ReplayedAt,
    string? ReplayOutcome);
