using System.Globalization;
using Credits.Ledger.Accounts;
using Credits.Ledger.Data;
using Credits.Ledger.Data.Rows;
using Credits.Ledger.Engine;
using Credits.Ledger.Payments;
using LinqToDB;
using LinqToDB.Async;

namespace Credits.Ledger.Analytics;

/// <summary>
/// Cost advice from the account's last <see cref="UsageDays"/> days of usage, the packs it paid for
/// in the last <see cref="PurchaseMonths"/> months, its forecast and the catalogue. Each rule is a
/// method below; the suggestions come back with money savings first, then the largest saving in credits.
/// </summary>
public sealed class Suggestions(Projection.UsageProjector aggregates, Forecasts forecasts, TimeProvider time)
{
    /// <summary>Full UTC days of usage the feature advice looks at.</summary>
    public const int UsageDays = 30;

    /// <summary>Months of pack purchases (and usage) compared with a subscription.</summary>
    public const int PurchaseMonths = 3;

    private const int DaysPerMonth = 30;

    /// <summary>The suggestions for <paramref name="accountId"/> against <paramref name="catalog"/>.</summary>
    public async Task<IReadOnlyList<Suggestion>> GetSuggestionsAsync(string accountId, SuggestionCatalog catalog, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        AccountIds.Parse(accountId, "account_id");
        var now = time.GetUtcNow();
        var today = UsagePeriods.DayOf(Clock.ToMs(now));
        var windowStart = today - PurchaseMonths * DaysPerMonth;
        await aggregates.FlushAsync(accountId, cancellationToken);
        await using var db = aggregates.Database.Open();
        var usage = await db.UsageDaily.Where(row => row.AccountId == accountId && row.Day >= windowStart && row.Day < today)
            .Select(row => new { row.Day, row.Feature, row.Credits })
            .ToListAsync(cancellationToken);
        var paidSince = Clock.ToMs(now.AddDays(-PurchaseMonths * DaysPerMonth));
        var purchases = await db.GetTable<PaymentRow>()
            .Where(row => row.AccountId == accountId && row.Status == (int)CheckoutStatus.Paid && row.PaidAtMs >= paidSince)
            .Select(row => new { row.AmountTotal, row.Currency })
            .ToListAsync(cancellationToken);

        var recent = usage.Where(row => row.Day >= today - UsageDays)
            .GroupBy(row => row.Feature).ToDictionary(group => group.Key, group => group.Sum(row => row.Credits), StringComparer.Ordinal);
        var suggestions = new List<Suggestion>();
        suggestions.AddRange(CheaperFeatures(recent, catalog));
        suggestions.AddRange((await forecasts.GetForecastAsync(accountId, cancellationToken)).ExpiringUnused.Select(lot => new Suggestion(
            SuggestionKind.UseExpiringCredits,
            Invariant($"{lot.Credits} credits expire on {lot.ExpiresAt:yyyy-MM-dd HH:mm} UTC before your usage reaches them: use them first."),
            lot.Credits, LotId: lot.LotId, ExpiresAt: lot.ExpiresAt)));
        var subscription = CheaperSubscription(usage.Sum(row => row.Credits), purchases.Select(row => (row.AmountTotal, row.Currency ?? "")), catalog);
        if (subscription is not null)
        {
            suggestions.Add(subscription);
        }
        // Money first (it is what a subscription saves), then credits, largest first.
        return [.. suggestions.OrderByDescending(suggestion => suggestion.SavingAmount).ThenByDescending(suggestion => suggestion.SavingCredits)
            .ThenBy(suggestion => suggestion.Kind)];
    }

    /// <summary>Each used feature with a cheaper declared variant: the credits the same units would have cost less.</summary>
    private static IEnumerable<Suggestion> CheaperFeatures(Dictionary<string, long> recent, SuggestionCatalog catalog)
    {
        foreach (var (feature, spent) in recent.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (!catalog.Alternatives.TryGetValue(feature, out var alternative)
                || !catalog.FeaturePrices.TryGetValue(feature, out var price) || price <= 0
                || !catalog.FeaturePrices.TryGetValue(alternative, out var cheaper) || cheaper >= price)
            {
                continue;
            }
            var saving = spent * (price - cheaper) / price;
            if (saving > 0)
            {
                yield return new Suggestion(SuggestionKind.CheaperFeature,
                    Invariant($"{feature} cost {spent} credits in {UsageDays} days at {price} a unit; {alternative} costs {cheaper}: {saving} credits less."),
                    saving, Feature: feature, Alternative: alternative);
            }
        }
    }

    /// <summary>
    /// The cheapest priced tier whose monthly credits cover the window's monthly use, when its price
    /// over the window is below what the packs bought in it cost (same currency).
    /// </summary>
    private static Suggestion? CheaperSubscription(long spent, IEnumerable<(long Amount, string Currency)> purchases, SuggestionCatalog catalog)
    {
        var monthlyUse = (double)spent / PurchaseMonths;
        return purchases.GroupBy(purchase => purchase.Currency, StringComparer.OrdinalIgnoreCase)
            .SelectMany(paid => catalog.Tiers
                .Where(tier => tier.UnitAmount > 0 && tier.PeriodMonths > 0 && string.Equals(tier.Currency, paid.Key, StringComparison.OrdinalIgnoreCase)
                               && (double)tier.CreditsPerPeriod / tier.PeriodMonths >= monthlyUse)
                .Select(tier => (Tier: tier, Paid: paid.Sum(purchase => purchase.Amount), Cost: tier.UnitAmount * PurchaseMonths / tier.PeriodMonths)))
            .Where(option => option.Cost < option.Paid)
            .OrderBy(option => option.Cost).ThenBy(option => option.Tier.TierId, StringComparer.Ordinal)
            .Select(option => new Suggestion(SuggestionKind.SubscriptionCheaper,
                Invariant($"Packs cost {option.Paid} {option.Tier.Currency} in {PurchaseMonths} months for {spent} credits used; ") +
                Invariant($"{option.Tier.TierId} gives {option.Tier.CreditsPerPeriod} credits every {option.Tier.PeriodMonths} month(s) for {option.Cost} {option.Tier.Currency} over the same months."),
                0, option.Paid - option.Cost, option.Tier.Currency, TierId: option.Tier.TierId))
            .FirstOrDefault();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
