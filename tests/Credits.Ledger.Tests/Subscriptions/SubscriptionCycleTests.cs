using Credits.Ledger.Data;
using Credits.Ledger.Journal;
using Credits.Ledger.Lots;
using Credits.Ledger.Subscriptions;
using LinqToDB;
using LinqToDB.Async;

namespace Credits.Ledger.Tests.Subscriptions;

/// <summary>Allocation, expiry at the period's end and rollover, over many periods, on a moved clock.</summary>
public sealed class SubscriptionCycleTests(DatabaseProvider provider) : SubscriptionFixture(provider)
{
    [Test]
    public async Task A_year_of_monthly_cycles_allocates_expires_and_caps_the_rollover_exactly()
    {
        const string account = "user:year";
        // What is spent in each month; month 6 spends the rollover and the whole allocation.
        long[] spends = [0, 50, 120, 100, 10, 70, 130, 0, 100, 85, 40, 5];
        var tier = TestTiers.Basic;
        var start = Now;
        var subscription = await Subscriptions.StartManualAsync(account, tier.TierId, "start-year", Admin);
        Assert.That((subscription.PeriodStart, subscription.PeriodEnd), Is.EqualTo((start, start.AddMonths(1))));

        long rollover = 0;
        long seen = (await Ledger.History(account)).Count;
        for (var month = 0; month < spends.Length; month++)
        {
            var periodEnd = start.AddMonths(month + 1);
            var buckets = await Buckets(account);
            Assert.That(buckets.GetValueOrDefault(Bucket.Subscription), Is.EqualTo(tier.CreditsPerPeriod), $"month {month}: the allocation");
            Assert.That(buckets.GetValueOrDefault(Bucket.Rollover), Is.EqualTo(rollover), $"month {month}: the rollover, shown separately");

            if (spends[month] > 0)
            {
                await Spend(account, spends[month]);
            }
            // Rollover lots burn first (priority 300 before 400), so the model takes from them first.
            var fromRollover = Math.Min(spends[month], rollover);
            var unusedAllocation = tier.CreditsPerPeriod - (spends[month] - fromRollover);
            var unusedRollover = rollover - fromRollover;
            var carried = Math.Min(unusedAllocation, tier.RolloverCapCredits);

            await RenewAt(periodEnd);

            var renewal = (await Ledger.History(account)).Skip((int)seen + (spends[month] > 0 ? 2 : 0)).ToList();
            seen += renewal.Count + (spends[month] > 0 ? 2 : 0);
            var expected = new List<(EntryKind, long)>();
            if (unusedRollover > 0)
            {
                expected.Add((EntryKind.LotExpire, -unusedRollover));
            }
            if (unusedAllocation > 0)
            {
                expected.Add((EntryKind.LotExpire, -unusedAllocation));
            }
            if (carried > 0)
            {
                expected.Add((EntryKind.Rollover, carried));
            }
            expected.Add((EntryKind.Grant, tier.CreditsPerPeriod));
            Assert.That(renewal.Select(entry => (entry.Kind, entry.Amount)), Is.EqualTo(expected), $"renewal at the end of month {month}");
            Assert.That(renewal.All(entry => entry.CreatedAt == periodEnd), Is.True, "everything happens at the period's end");
            rollover = carried;
        }

        var final = await Ledger.Balance(account);
        Assert.That(final.Available, Is.EqualTo(tier.CreditsPerPeriod + rollover));
        var view = await Subscriptions.GetAsync(subscription.SubscriptionId);
        Assert.That((view.PeriodStart, view.PeriodEnd), Is.EqualTo((start.AddMonths(12), start.AddMonths(13))));
        await AssertLedgerConsistent(account);
    }

    [Test]
    public async Task A_subscription_lot_expires_at_the_period_end_and_its_unused_part_rolls_over_up_to_the_cap()
    {
        const string account = "user:expiry";
        var start = Now;
        await Subscriptions.StartManualAsync(account, TestTiers.Pro.TierId, "start", Admin);
        await Spend(account, 250);

        Ledger.Time.SetUtcNow(start.AddMonths(1).AddTicks(-TimeSpan.TicksPerMillisecond));
        Assert.That((await Buckets(account)).GetValueOrDefault(Bucket.Subscription), Is.EqualTo(150), "a moment before the end");

        Ledger.Time.SetUtcNow(start.AddMonths(1));
        var buckets = await Buckets(account);
        Assert.That(buckets.GetValueOrDefault(Bucket.Subscription), Is.EqualTo(0), "the period's lot expired (a read, before any renewal)");
        Assert.That(buckets.GetValueOrDefault(Bucket.Rollover), Is.EqualTo(100), "150 unused, capped at 100");
        var balance = await Ledger.Balance(account);
        Assert.That(balance.NextExpiry!.ExpiresAt, Is.EqualTo(start.AddMonths(3)), "a pro rollover lives two more periods");
        await AssertLedgerConsistent(account);
    }

    [Test]
    public async Task A_rollover_lot_expires_without_rolling_over_again()
    {
        const string account = "user:no-second-roll";
        var start = Now;
        await Subscriptions.StartManualAsync(account, TestTiers.Basic.TierId, "start", Admin);
        await Subscriptions.CancelManualAsync(SubscriptionKeys.ManualId(account, "start"), atPeriodEnd: true, "cancel", Admin);

        await RenewAt(start.AddMonths(1));
        Assert.That((await Buckets(account)).GetValueOrDefault(Bucket.Rollover), Is.EqualTo(30));
        await RenewAt(start.AddMonths(2));

        var balance = await Ledger.Balance(account);
        Assert.That(balance.Available, Is.EqualTo(0), "the rollover lot expired and nothing carried it on");
        // Nothing wrote to the account since the start: the sweep journals what reads already showed.
        await Ledger.Sweeper.SweepOnceAsync();
        var kinds = (await Ledger.History(account)).Select(entry => entry.Kind).ToList();
        Assert.That(kinds.Count(kind => kind == EntryKind.Rollover), Is.EqualTo(1));
        await AssertLedgerConsistent(account);
    }

    [Test]
    public async Task A_rollover_never_creates_credits_even_when_held_credits_come_back_after_the_expiry()
    {
        const string account = "user:held-at-expiry";
        var start = Now;
        await Subscriptions.StartManualAsync(account, TestTiers.Basic.TierId, "start", Admin);
        await Spend(account, 75);
        Ledger.Time.SetUtcNow(start.AddMonths(1).AddMinutes(-1));
        var hold = await Ledger.Reserve(account, 20, ttl: TimeSpan.FromMinutes(10));

        Ledger.Time.SetUtcNow(start.AddMonths(1));
        Assert.That((await Buckets(account)).GetValueOrDefault(Bucket.Rollover), Is.EqualTo(5), "only the 5 unheld credits expire and roll");
        await Ledger.Release(hold.HoldId);

        var buckets = await Buckets(account);
        Assert.That(buckets.GetValueOrDefault(Bucket.Rollover), Is.EqualTo(25), "the 20 released roll over too, within the cap of 30");
        var history = await Ledger.History(account);
        var created = history.Where(entry => entry.Kind == EntryKind.Rollover).Sum(entry => entry.Amount);
        var expired = -history.Where(entry => entry.Kind == EntryKind.LotExpire).Sum(entry => entry.Amount);
        Assert.That(created, Is.LessThanOrEqualTo(expired), "a rollover only moves credits that expired");
        await AssertLedgerConsistent(account);
    }

    [Test]
    public async Task The_verifier_reports_a_rollover_that_carries_more_than_its_lot_expired()
    {
        const string account = "user:verifier";
        var start = Now;
        await Subscriptions.StartManualAsync(account, TestTiers.Basic.TierId, "start", Admin);
        await RenewAt(start.AddMonths(1));
        Assert.That(await Ledger.Verifier.VerifyAsync(), Is.Empty);

        // Corrupt the journal as a buggy rule would: the rollover says 131 where the expiry removed 100.
        await using (var db = Ledger.Database.Open())
        {
            await db.Journal.Where(entry => entry.AccountId == account && entry.Kind == (int)EntryKind.Rollover)
                .Set(entry => entry.Amount, 131).UpdateAsync();
        }
        var violations = await Ledger.Verifier.VerifyAsync();
        await using (var db = Ledger.Database.Open())
        {
            await db.Journal.Where(entry => entry.AccountId == account && entry.Kind == (int)EntryKind.Rollover)
                .Set(entry => entry.Amount, TestTiers.Basic.RolloverCapCredits).UpdateAsync();
        }

        Assert.That(violations, Has.Some.Contains("rollover entry"));
    }

    [Test]
    public async Task Starting_a_manual_subscription_twice_with_one_key_allocates_once()
    {
        const string account = "user:start-twice";
        var first = Subscriptions.StartManualAsync(account, TestTiers.Basic.TierId, "start", Admin);
        var second = Subscriptions.StartManualAsync(account, TestTiers.Basic.TierId, "start", Admin);
        var views = await Task.WhenAll(first, second);
        await Subscriptions.StartManualAsync(account, TestTiers.Basic.TierId, "start", Admin);

        Assert.That(views[0].SubscriptionId, Is.EqualTo(views[1].SubscriptionId));
        Assert.That((await Ledger.Balance(account)).Available, Is.EqualTo(100));
        await AssertLedgerConsistent(account);
    }

    [Test]
    public async Task A_renewal_pass_that_runs_twice_allocates_the_period_once()
    {
        const string account = "user:renew-twice";
        var start = Now;
        await Subscriptions.StartManualAsync(account, TestTiers.Basic.TierId, "start", Admin);
        Ledger.Time.SetUtcNow(start.AddMonths(1));

        await Task.WhenAll(Subscriptions.RenewDueAsync(), Subscriptions.RenewDueAsync());
        await Subscriptions.RenewDueAsync();

        var buckets = await Buckets(account);
        Assert.That((buckets.GetValueOrDefault(Bucket.Subscription), buckets.GetValueOrDefault(Bucket.Rollover)), Is.EqualTo((100L, 30L)));
        await AssertLedgerConsistent(account);
    }
}
