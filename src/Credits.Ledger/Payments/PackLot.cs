using Credits.Ledger.Lots;

namespace Credits.Ledger.Payments;

/// <summary>
/// One more lot a pack grants beside its purchased credits (a bundle): its own bucket, credits,
/// validity and features. A pack with none is a one-lot bundle (its purchased credits, and its bonus).
/// </summary>
/// <param name="Bucket">The lot's bucket: one of <see cref="Buckets"/>.</param>
/// <param name="Credits">The lot's credits; more than zero.</param>
/// <param name="ValidityDays">How many days the lot lasts after the purchase; null: it never expires.</param>
/// <param name="Features">The features the lot pays for (feature-scoped credits); empty: unscoped.</param>
public sealed record PackLot(Bucket Bucket, long Credits, int? ValidityDays, IReadOnlyList<string> Features)
{
    /// <summary>
    /// The buckets a pack's lot may fill. Not subscription or rollover (those lots belong to a
    /// subscription's period), nor the ledger's own buckets (lead, referral, refund, adjustment).
    /// </summary>
    public static readonly IReadOnlyList<Bucket> Buckets = [Bucket.Purchased, Bucket.Promo, Bucket.Gift, Bucket.Free];
}
