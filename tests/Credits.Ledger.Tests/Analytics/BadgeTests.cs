using Credits.Ledger.Analytics;
using Credits.Ledger.Data;
using Credits.Ledger.Lots;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Analytics;

/// <summary>Badges are derived from lots and the usage aggregates, dated when they were earned.</summary>
public sealed class BadgeTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private Badges Badges => new(Ledger.Usage);

    private async Task SpendAsync(string account, long credits)
    {
        var hold = await Ledger.Reserve(account, credits);
        await Ledger.Commit(hold.HoldId);
    }

    [Test]
    public async Task A_credits_used_milestone_is_dated_the_day_the_running_total_reached_it()
    {
        await Ledger.Grant("user:1", 10_000);
        await SpendAsync("user:1", 60);
        Ledger.Advance(TimeSpan.FromDays(1).Add(TimeSpan.FromHours(5)));
        await SpendAsync("user:1", 60);

        var badges = await Badges.ListAsync("user:1");

        Assert.That(badges.Earned, Is.EqualTo(new[]
        {
            new Badge(BadgeKind.FirstPurchase, 1, LedgerHarness.Start),
            new Badge(BadgeKind.CreditsUsed, 100, LedgerHarness.Start.AddDays(1)),
        }));
        Assert.That((badges.CreditsUsed, badges.NextCreditsUsedMilestone), Is.EqualTo((120L, (long?)1_000)));
    }

    [Test]
    public async Task One_large_spend_earns_every_milestone_it_passes()
    {
        await Ledger.Grant("user:1", 20_000, Bucket.Free);
        await SpendAsync("user:1", 10_500);

        var badges = await Badges.ListAsync("user:1");

        Assert.That(badges.Earned.Select(badge => (badge.Kind, badge.Milestone)), Is.EqualTo(new[]
        {
            (BadgeKind.CreditsUsed, 100L), (BadgeKind.CreditsUsed, 1_000L), (BadgeKind.CreditsUsed, 10_000L),
        }), "free credits are no purchase");
        Assert.That(badges.NextCreditsUsedMilestone, Is.EqualTo(100_000));
    }

    [Test]
    public async Task Referral_rewards_earn_the_first_and_the_fifth_referral_badges()
    {
        for (var i = 0; i < 5; i++)
        {
            await Ledger.Grant("user:1", 10, Bucket.Referral);
            Ledger.Advance(TimeSpan.FromDays(1));
        }

        var badges = await Badges.ListAsync("user:1");

        Assert.That(badges.Earned, Is.EqualTo(new[]
        {
            new Badge(BadgeKind.Referrals, 1, LedgerHarness.Start),
            new Badge(BadgeKind.Referrals, 5, LedgerHarness.Start.AddDays(4)),
        }));
    }

    [Test]
    public async Task An_account_without_history_has_no_badges_and_aims_at_the_first_milestone()
    {
        var badges = await Badges.ListAsync("user:new");

        Assert.That((badges.Earned.Count, badges.CreditsUsed, badges.NextCreditsUsedMilestone), Is.EqualTo((0, 0L, (long?)100)));
    }
}
