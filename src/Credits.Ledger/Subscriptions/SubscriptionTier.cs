namespace Credits.Ledger.Subscriptions;

/// <summary>One tier of the subscription catalogue, as the rules need it.</summary>
/// <param name="TierId">The tier's id, for example <c>pro</c>.</param>
/// <param name="CreditsPerPeriod">Credits allocated at the start of every period.</param>
/// <param name="RolloverCapCredits">The most unused credits of a period carried into a rollover lot (0: none).</param>
/// <param name="RolloverPeriods">How many periods a rollover lot lives after its period ends (0: none roll over).</param>
/// <param name="PeriodMonths">The billing period in months (manual subscriptions renew on it; rollover lots live multiples of it).</param>
/// <param name="UpgradeGrant">How an upgrade to this tier is granted during a period.</param>
/// <param name="PriceIds">The Stripe prices that sell this tier.</param>
public sealed record SubscriptionTier(
    string TierId,
    long CreditsPerPeriod,
    long RolloverCapCredits,
    int RolloverPeriods,
    int PeriodMonths,
    UpgradeGrant UpgradeGrant,
    IReadOnlyList<string> PriceIds)
{
    /// <summary>When a rollover lot made from a lot of a period ending at <paramref name="periodEnd"/> expires; null when nothing rolls over.</summary>
    public DateTimeOffset? RolloverExpiresAt(DateTimeOffset periodEnd) =>
        RolloverCapCredits > 0 && RolloverPeriods > 0 ? periodEnd.AddMonths(RolloverPeriods * PeriodMonths) : null;
}
