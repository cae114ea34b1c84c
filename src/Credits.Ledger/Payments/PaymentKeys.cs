namespace Credits.Ledger.Payments;

/// <summary>
/// The references and idempotency keys of payment commands, named after the business object (the
/// checkout session, the refund, the dispute) so that every event about one object, however often
/// and in whatever order it arrives, leads to the same command, which the ledger applies once.
/// </summary>
internal static class PaymentKeys
{
    private const string Bonus = ":bonus";

    public static string Purchase(string sessionId) => $"{ProviderKeys.Stripe}purchase:{sessionId}";

    public static string PurchaseBonus(string sessionId) => Purchase(sessionId) + Bonus;

    public static string Note(string sessionId, string reason) => $"{ProviderKeys.Stripe}note:{sessionId}:{reason}";

    public static string Refund(string refundId) => $"{ProviderKeys.Stripe}refund:{refundId}";

    public static string RefundReverse(string refundId) => Refund(refundId) + ":reverse";

    public static string DisputeFreeze(string disputeId) => $"{ProviderKeys.Stripe}dispute:{disputeId}:freeze";

    public static string DisputeUnfreeze(string disputeId) => $"{ProviderKeys.Stripe}dispute:{disputeId}:unfreeze";

    public static string DisputeClawback(string disputeId) => $"{ProviderKeys.Stripe}dispute:{disputeId}:clawback";

    /// <summary>The key of the referral step that rides with the purchase's grant (docs/referrals.md).</summary>
    public static string ReferralReward(string sessionId) => Purchase(sessionId) + ":referral";

    /// <summary>The key or reference of the same operation on a bundle's further lot (its index among them).</summary>
    public static string OnLot(string keyOrReference, int index) => $"{keyOrReference}:lot{index}";

    /// <summary>The key or reference of the same operation on the purchase's bonus lot.</summary>
    public static string OnBonus(string keyOrReference) => keyOrReference + Bonus;
}
