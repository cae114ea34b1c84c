using Credits.Ledger.Validation;
using Microsoft.Extensions.Options;

namespace Credits.Server.Subscriptions;

/// <summary>Checks the <c>Subscriptions</c> section at start-up and on every reload; a bad reload leaves the previous catalogue in force.</summary>
internal sealed class SubscriptionOptionsValidator : IValidateOptions<SubscriptionOptions>
{
    /// <summary>Tier ids are at most this long.</summary>
    public const int TierIdLengthMax = 64;

    /// <summary>The longest billing period, in months.</summary>
    public const int PeriodMonthsMax = 12;

    /// <summary>The most periods a rollover lot may live.</summary>
    public const int RolloverPeriodsMax = 24;

    public ValidateOptionsResult Validate(string? name, SubscriptionOptions options)
    {
        var failures = new List<string>();
        if (options.RenewalInterval <= TimeSpan.Zero || options.RenewalInterval > SubscriptionOptions.RenewalIntervalMax)
        {
            failures.Add($"Subscriptions:RenewalInterval must be more than zero and at most {SubscriptionOptions.RenewalIntervalMax}.");
        }
        var priceOwners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (tierId, tier) in options.Tiers)
        {
            var path = $"Subscriptions:Tiers:{tierId}";
            if (tierId.Length > TierIdLengthMax || !tierId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                failures.Add($"{path}: a tier id is 1 to {TierIdLengthMax} of [A-Za-z0-9._-].");
            }
            if (tier.Credits < 1 || tier.Credits > Limits.AmountMax)
            {
                failures.Add($"{path}:Credits must be 1 to {Limits.AmountMax}.");
            }
            if (tier.RolloverCap < 0 || tier.RolloverCap > tier.Credits)
            {
                failures.Add($"{path}:RolloverCap must be 0 to the tier's Credits.");
            }
            if (tier.RolloverPeriods is < 0 or > RolloverPeriodsMax)
            {
                failures.Add($"{path}:RolloverPeriods must be 0 to {RolloverPeriodsMax}.");
            }
            if (tier.PeriodMonths is < 1 or > PeriodMonthsMax)
            {
                failures.Add($"{path}:PeriodMonths must be 1 to {PeriodMonthsMax}.");
            }
            if (tier.UnitAmount < 0 || (tier.UnitAmount > 0 && (tier.Currency.Length != 3 || !tier.Currency.All(char.IsAsciiLetter))))
            {
                failures.Add($"{path}:UnitAmount must not be negative, and needs a three-letter Currency.");
            }
            if (!Enum.IsDefined(tier.Upgrade))
            {
                failures.Add($"{path}:Upgrade must be Prorated or Whole.");
            }
            foreach (var priceId in tier.PriceIds)
            {
                if (string.IsNullOrWhiteSpace(priceId))
                {
                    failures.Add($"{path}:PriceIds must not hold an empty price.");
                }
                else if (!priceOwners.TryAdd(priceId, tierId))
                {
                    failures.Add($"{path}:PriceIds: price {priceId} already sells tier {priceOwners[priceId]}; a price sells one tier.");
                }
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
