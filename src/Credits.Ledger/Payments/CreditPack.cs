namespace Credits.Ledger.Payments;

/// <summary>A pack of credits as it was on sale when a checkout named it.</summary>
/// <param name="PackId">The catalogue's id for the pack.</param>
/// <param name="Name">A display name, for the receipt.</param>
/// <param name="Credits">Purchased credits granted when the payment succeeds; more than zero.</param>
/// <param name="BonusCredits">Bonus credits granted with them as a separate promo lot; zero for none.</param>
/// <param name="ValidityMonths">How many months the credits last after the purchase; null means they never expire.</param>
public sealed record CreditPack(string PackId, string Name, long Credits, long BonusCredits, int? ValidityMonths)
{
    /// <summary>The further lots of a bundle, granted with the credits in the same transaction; empty for a one-lot pack.</summary>
    public IReadOnlyList<PackLot> Lots { get; init; } = [];
}
