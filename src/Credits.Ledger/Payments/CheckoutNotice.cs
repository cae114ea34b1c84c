namespace Credits.Ledger.Payments;

/// <summary>What a payment provider says about a completed checkout for a credit pack.</summary>
/// <param name="PaymentId">The payment (a Stripe payment intent) that refunds and disputes will name.</param>
/// <param name="SessionId">The checkout session: the reference of the purchase's lots.</param>
/// <param name="AccountId">The account that bought the pack.</param>
/// <param name="PackId">The pack the checkout named.</param>
/// <param name="Pack">The pack as the catalogue has it now; null when the catalogue no longer has it.</param>
/// <param name="Status">Where the payment stands.</param>
/// <param name="AmountTotal">What the customer paid, in the currency's minor unit; refunds are shares of it.</param>
/// <param name="Currency">The ISO currency code, for the receipt.</param>
/// <param name="Email">The customer's email, for the receipt.</param>
public sealed record CheckoutNotice(
    string PaymentId,
    string SessionId,
    string AccountId,
    string PackId,
    CreditPack? Pack,
    CheckoutStatus Status,
    long AmountTotal,
    string? Currency,
    string? Email);
