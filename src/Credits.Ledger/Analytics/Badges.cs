using Credits.Ledger.Accounts;
using Credits.Ledger.Data;
using Credits.Ledger.Engine;
using Credits.Ledger.Lots;
using LinqToDB;
using LinqToDB.Async;

namespace Credits.Ledger.Analytics;

/// <summary>
/// Badges, derived on read from what the ledger already keeps (never stored, so never out of step):
/// the first purchase (the account's first purchased lot), milestones of credits used (from the
/// daily usage aggregates: spent net of refunds, dated the UTC day the running total reached the
/// milestone) and referral rewards received (the account's referral lots: the 1st, 5th and 25th).
/// </summary>
public sealed class Badges(Projection.UsageProjector usage)
{
    /// <summary>Credits-used milestones, ascending.</summary>
    public static readonly IReadOnlyList<long> CreditsUsedMilestones = [100, 1_000, 10_000, 100_000, 1_000_000];

    /// <summary>Referral-reward milestones, ascending.</summary>
    public static readonly IReadOnlyList<long> ReferralMilestones = [1, 5, 25];

    /// <summary>The badges <paramref name="accountId"/> has earned, oldest first, and its progress to the next credits-used milestone.</summary>
    public async Task<BadgeList> ListAsync(string accountId, CancellationToken cancellationToken = default)
    {
        AccountIds.Parse(accountId, "account_id");
        await usage.FlushAsync(accountId, cancellationToken);
        await using var db = usage.Database.Open();
        var firstPurchase = await db.Lots.Where(lot => lot.AccountId == accountId && lot.Bucket == (int)Bucket.Purchased)
            .Select(lot => (long?)lot.CreatedAtMs).MinAsync(cancellationToken);
        var referrals = await db.Lots.Where(lot => lot.AccountId == accountId && lot.Bucket == (int)Bucket.Referral)
            .OrderBy(lot => lot.CreatedAtMs).Select(lot => lot.CreatedAtMs)
            .Take((int)ReferralMilestones[^1]).ToListAsync(cancellationToken);
        var days = await db.UsageDaily.Where(row => row.AccountId == accountId)
            .GroupBy(row => row.Day).Select(day => new { Day = day.Key, Credits = day.Sum(row => row.Credits) })
            .OrderBy(day => day.Day).ToListAsync(cancellationToken);

        var earned = new List<Badge>();
        if (firstPurchase is { } purchasedAt)
        {
            earned.Add(new Badge(BadgeKind.FirstPurchase, 1, Clock.FromMs(purchasedAt)));
        }
        var used = 0L;
        foreach (var day in days)
        {
            var before = used;
            used += day.Credits;
            foreach (var milestone in CreditsUsedMilestones.Where(m => before < m && used >= m))
            {
                earned.Add(new Badge(BadgeKind.CreditsUsed, milestone, UsagePeriods.Midnight(DateOnly.FromDayNumber(UsagePeriods.EpochDayNumber + (int)day.Day))));
            }
        }
        foreach (var milestone in ReferralMilestones.Where(m => referrals.Count >= m))
        {
            earned.Add(new Badge(BadgeKind.Referrals, milestone, Clock.FromMs(referrals[(int)milestone - 1])));
        }
        var next = CreditsUsedMilestones.FirstOrDefault(m => m > used);
        return new BadgeList([.. earned.OrderBy(badge => badge.EarnedAt).ThenBy(badge => badge.Kind)], used, next == 0 ? null : next);
    }
}

/// <summary>What a badge is for.</summary>
public enum BadgeKind
{
    /// <summary>The account bought credits for the first time.</summary>
    FirstPurchase = 1,

    /// <summary>The account's credits used reached <see cref="Badge.Milestone"/>.</summary>
    CreditsUsed = 2,

    /// <summary>The account received its <see cref="Badge.Milestone"/>th referral reward.</summary>
    Referrals = 3,
}

/// <summary>An earned badge.</summary>
/// <param name="Kind">What it is for.</param>
/// <param name="Milestone">The count reached (1 for the first purchase).</param>
/// <param name="EarnedAt">When: the lot's creation, or the UTC day a usage milestone was reached.</param>
public sealed record Badge(BadgeKind Kind, long Milestone, DateTimeOffset EarnedAt);

/// <summary>An account's badges.</summary>
/// <param name="Earned">Oldest first.</param>
/// <param name="CreditsUsed">Credits used so far (net of refunds).</param>
/// <param name="NextCreditsUsedMilestone">The next credits-used milestone, or null past the last.</param>
public sealed record BadgeList(IReadOnlyList<Badge> Earned, long CreditsUsed, long? NextCreditsUsedMilestone);
