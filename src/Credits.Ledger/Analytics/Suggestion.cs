namespace Credits.Ledger.Analytics;

/// <summary>What a suggestion is about.</summary>
public enum SuggestionKind
{
    /// <summary>A subscription tier would have cost less than the packs bought.</summary>
    SubscriptionCheaper = 1,

    /// <summary>A feature the account uses has a cheaper variant in the catalogue.</summary>
    CheaperFeature = 2,

    /// <summary>Credits will expire before the account's rate of spending reaches them.</summary>
    UseExpiringCredits = 4,
}

/// <summary>
/// One piece of advice with its saving: <see cref="SavingCredits"/>, or money in
/// <see cref="SavingAmount"/> minor units of <see cref="Currency"/> for
/// <see cref="SuggestionKind.SubscriptionCheaper"/>. <see cref="Message"/> shows the arithmetic;
/// the other fields name what it is about (empty when they do not apply).
/// </summary>
public sealed record Suggestion(
    SuggestionKind Kind,
    string Message,
    long SavingCredits,
    long SavingAmount = 0,
    string Currency = "",
    string Feature = "",
    string Alternative = "",
    string TierId = "",
    string LotId = "",
    DateTimeOffset? ExpiresAt = null);

/// <summary>A subscription tier as suggestions see it: credits and price per period.</summary>
public sealed record TierOffer(string TierId, long CreditsPerPeriod, int PeriodMonths, long UnitAmount, string Currency);

/// <summary>
/// The catalogue suggestions compare against: feature prices (credits per unit), declared cheaper
/// variants (feature to its alternative) and the tiers that carry a price.
/// </summary>
public sealed record SuggestionCatalog(
    IReadOnlyDictionary<string, long> FeaturePrices,
    IReadOnlyDictionary<string, string> Alternatives,
    IReadOnlyList<TierOffer> Tiers);
