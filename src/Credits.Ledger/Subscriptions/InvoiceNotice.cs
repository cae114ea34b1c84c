namespace Credits.Ledger.Subscriptions;

/// <summary>What a payment provider says about a subscription invoice.</summary>
/// <param name="InvoiceId">The invoice: the reference of the lot it grants, once.</param>
/// <param name="SubscriptionId">The subscription it bills.</param>
/// <param name="AccountId">The account the subscription names (its metadata); null when it names none.</param>
/// <param name="PriceId">The price of the subscription line billed.</param>
/// <param name="PeriodStart">The start of the line's period.</param>
/// <param name="PeriodEnd">The end of the line's period: the allocation expires then.</param>
/// <param name="Reason">Why the invoice was made.</param>
/// <param name="Paid">True when paid; false when its payment failed.</param>
/// <param name="Email">The customer's email, for the renewal email.</param>
public sealed record InvoiceNotice(
    string InvoiceId,
    string SubscriptionId,
    string? AccountId,
    string PriceId,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    InvoiceReason Reason,
    bool Paid,
    string? Email);
