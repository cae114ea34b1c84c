using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using Credits.Ledger.Pools;

namespace Credits.Ledger.Tests.Pools;

public sealed class PoolReserveTests(DatabaseProvider provider) : PoolSpec(provider)
{
    [Test]
    public async Task A_reserve_for_a_member_takes_the_pool_credits_and_the_member_allowance_together()
    {
        await Ledger.Grant(Pool, 1_000);
        await AddMember("user:ann", limit: 100);

        var hold = await ReserveFor("user:ann", 30);

        Assert.That((hold.Balance.Available, hold.Balance.Held), Is.EqualTo((970L, 30L)));
        Assert.That(await Used("user:ann"), Is.EqualTo(30));
    }

    [Test]
    public async Task Past_the_limit_is_refused_with_its_figures_and_takes_neither_level()
    {
        await Ledger.Grant(Pool, 1_000);
        await AddMember("user:ann", limit: 100);
        await ReserveFor("user:ann", 95);

        var error = await Fails(() => ReserveFor("user:ann", 6));

        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.MemberLimitExceeded));
        Assert.That(error.Metadata, Is.EqualTo(new Dictionary<string, string> { ["limit"] = "100", ["used"] = "95", ["requested"] = "6" }));
        Assert.That((await Ledger.Balance(Pool)).Available, Is.EqualTo(905));
        Assert.That(await Used("user:ann"), Is.EqualTo(95));
        Assert.That((await ReserveFor("user:ann", 5)).Amount, Is.EqualTo(5), "exactly up to the limit is allowed");
    }

    [Test]
    public async Task A_short_pool_is_refused_and_takes_no_allowance()
    {
        await Ledger.Grant(Pool, 20);
        await AddMember("user:ann", limit: 100);

        var error = await Fails(() => ReserveFor("user:ann", 21));

        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.InsufficientCredits));
        Assert.That(await Used("user:ann"), Is.EqualTo(0));
    }

    [Test]
    public async Task Someone_who_is_not_a_member_is_refused()
    {
        await Ledger.Grant(Pool, 100);
        await AddMember("user:ann", limit: 100);

        var error = await Fails(() => ReserveFor("user:bob", 1));

        Assert.That((error.Kind, error.Metadata["memberAccountId"]), Is.EqualTo((LedgerErrorKind.NotAPoolMember, "user:bob")));
        Assert.That((await Ledger.Balance(Pool)).Available, Is.EqualTo(100));
    }

    [Test]
    public async Task A_member_without_a_limit_is_bounded_by_the_pool_only()
    {
        await Ledger.Grant(Pool, 500);
        await AddMember("user:ann", limit: null, PoolPeriod.None);

        await ReserveFor("user:ann", 500);

        Assert.That(await Used("user:ann"), Is.EqualTo(500));
    }

    [Test]
    public async Task A_partial_commit_returns_the_unused_part_to_the_pool_and_the_member()
    {
        await Ledger.Grant(Pool, 1_000);
        await AddMember("user:ann", limit: 100);
        var hold = await ReserveFor("user:ann", 60);

        var commit = await Ledger.Commit(hold.HoldId, 25);

        Assert.That((commit.Balance.Available, commit.Balance.Held), Is.EqualTo((975L, 0L)));
        Assert.That(await Used("user:ann"), Is.EqualTo(25), "only the committed part counts");
        Assert.That((await ReserveFor("user:ann", 75)).Amount, Is.EqualTo(75), "the returned 35 can be reserved again");
    }

    [Test]
    public async Task A_release_and_an_expiry_return_everything_to_both_levels()
    {
        await Ledger.Grant(Pool, 1_000);
        await AddMember("user:ann", limit: 100);
        var released = await ReserveFor("user:ann", 40);
        await ReserveFor("user:ann", 50, ttl: TimeSpan.FromMinutes(1));

        await Ledger.Release(released.HoldId);
        Assert.That(await Used("user:ann"), Is.EqualTo(50));
        Ledger.Advance(TimeSpan.FromMinutes(2));
        await Ledger.Sweeper.SweepOnceAsync();

        Assert.That(await Used("user:ann"), Is.EqualTo(0), "the expired hold's allowance came back with its credits");
        var pool = await Ledger.Balance(Pool);
        Assert.That((pool.Available, pool.Held), Is.EqualTo((1_000L, 0L)));
    }

    [Test]
    public async Task An_expired_hold_gives_its_allowance_back_in_the_batch_that_notices_it()
    {
        await Ledger.Grant(Pool, 1_000);
        await AddMember("user:ann", limit: 100);
        await ReserveFor("user:ann", 100, ttl: TimeSpan.FromMinutes(1));
        Ledger.Advance(TimeSpan.FromMinutes(2));

        var again = await ReserveFor("user:ann", 100);

        Assert.That(again.Amount, Is.EqualTo(100), "no sweep ran: the reserve's own batch expired the old hold first");
        Assert.That(await Used("user:ann"), Is.EqualTo(100));
    }

    [Test]
    public async Task An_expiry_noticed_by_a_batch_naming_a_hold_of_the_pool_that_is_no_pool_hold_still_gives_the_allowance_back()
    {
        // Found by the auditor: a commit of a freeze of the pool (a hold no member owns) caught the pool
        // up but did not load its pool holds, so an expiry in that batch left the member's usage held.
        await Ledger.Grant(Pool, 1_000);
        await AddMember("user:ann", limit: 100);
        await ReserveFor("user:ann", 100, ttl: TimeSpan.FromMinutes(1));
        var plain = await Ledger.Ledger.ReserveAsync(Ledger.ReserveCommand(Pool, 10, TimeSpan.FromHours(1), null));
        Ledger.Advance(TimeSpan.FromMinutes(2));

        await Ledger.Release(plain.HoldId);

        Assert.That(await Used("user:ann"), Is.EqualTo(0), "the batch that expired the member's hold returned its allowance");
        Assert.That((await ReserveFor("user:ann", 100)).Amount, Is.EqualTo(100));
    }

    [Test]
    public async Task The_period_boundary_resets_usage_exactly_at_its_start_and_a_spanning_hold_counts_where_it_was_reserved()
    {
        // The harness starts at 2026-01-01 00:00 UTC: the month ends in 31 days.
        await Ledger.Grant(Pool, 1_000);
        await AddMember("user:ann", limit: 100);
        await Ledger.Commit((await ReserveFor("user:ann", 70)).HoldId);
        Ledger.Advance(TimeSpan.FromDays(31) - TimeSpan.FromMinutes(1));
        var spanning = await ReserveFor("user:ann", 30, ttl: TimeSpan.FromMinutes(10));
        Assert.That((await Fails(() => ReserveFor("user:ann", 1))).Kind, Is.EqualTo(LedgerErrorKind.MemberLimitExceeded), "23:59 on 31 January");

        Ledger.Advance(TimeSpan.FromMinutes(1));

        Assert.That(await Used("user:ann"), Is.EqualTo(0), "00:00 on 1 February starts a new count");
        await Ledger.Commit(spanning.HoldId, 30);
        Assert.That(await Used("user:ann"), Is.EqualTo(0), "the spanning hold counts in January, where it was reserved");
        Assert.That((await ReserveFor("user:ann", 100)).Amount, Is.EqualTo(100));
    }

    [Test]
    public async Task Daily_and_weekly_periods_start_at_utc_midnight_and_monday()
    {
        // 2026-01-01 is a Thursday: the week restarts on Monday the 5th.
        await Ledger.Grant(Pool, 1_000);
        await AddMember("user:day", limit: 10, PoolPeriod.Day);
        await AddMember("user:week", limit: 10, PoolPeriod.Week);
        await Ledger.Commit((await ReserveFor("user:day", 10)).HoldId);
        await Ledger.Commit((await ReserveFor("user:week", 10)).HoldId);

        Ledger.Advance(TimeSpan.FromDays(1));
        Assert.That((await ReserveFor("user:day", 10)).Amount, Is.EqualTo(10), "a new UTC day");
        Assert.That((await Fails(() => ReserveFor("user:week", 1))).Kind, Is.EqualTo(LedgerErrorKind.MemberLimitExceeded), "Friday: same week");
        Ledger.Advance(TimeSpan.FromDays(3));
        Assert.That((await ReserveFor("user:week", 10)).Amount, Is.EqualTo(10), "Monday: a new week");
    }

    [Test]
    public async Task Twenty_concurrent_reserves_of_ten_by_one_member_with_a_limit_of_a_hundred_exactly_ten_succeed()
    {
        await Ledger.Grant(Pool, 1_000);
        await AddMember("user:ann", limit: 100);
        var refused = 0;

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            try
            {
                await ReserveFor("user:ann", 10);
            }
            catch (LedgerException error) when (error.Kind == LedgerErrorKind.MemberLimitExceeded)
            {
                Interlocked.Increment(ref refused);
            }
        })));

        Assert.That(refused, Is.EqualTo(10));
        Assert.That(await Used("user:ann"), Is.EqualTo(100));
        Assert.That((await Ledger.Balance(Pool)).Held, Is.EqualTo(100));
    }

    [Test]
    public async Task Ten_members_reserving_concurrently_never_overdraw_the_pool()
    {
        await Ledger.Grant(Pool, 1_000);
        var members = Enumerable.Range(0, 10).Select(i => $"user:m{i}").ToList();
        foreach (var member in members)
        {
            await AddMember(member, limit: 150);
        }
        long held = 0;

        await Task.WhenAll(members.SelectMany(member => Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            try
            {
                Interlocked.Add(ref held, (await ReserveFor(member, 15)).Amount);
            }
            catch (LedgerException error) when (error.Kind is LedgerErrorKind.InsufficientCredits or LedgerErrorKind.MemberLimitExceeded)
            {
                // 1,200 credits were asked of 1,000, and of 150 per member.
            }
        }))));

        var pool = await Ledger.Balance(Pool);
        Assert.That(pool.Held, Is.EqualTo(held));
        Assert.That(pool.Available + pool.Held, Is.EqualTo(1_000), "no credit was taken twice or lost");
        Assert.That(held, Is.LessThanOrEqualTo(1_000).And.GreaterThan(1_000 - 15), "refused only when the pool was short");
        long used = 0;
        foreach (var member in members)
        {
            var memberUsed = await Used(member);
            Assert.That(memberUsed, Is.LessThanOrEqualTo(150));
            used += memberUsed;
        }
        Assert.That(used, Is.EqualTo(held), "each member's usage holds exactly its holds");
    }

    [Test]
    public async Task The_same_key_replays_the_first_hold_and_another_member_with_it_is_refused()
    {
        await Ledger.Grant(Pool, 1_000);
        await AddMember("user:ann", limit: 100);
        await AddMember("user:bob", limit: 100);

        var first = await ReserveFor("user:ann", 10, key: "r-1");
        var retry = await ReserveFor("user:ann", 10, key: "r-1");
        var other = await Fails(() => ReserveFor("user:bob", 10, key: "r-1"));

        Assert.That(retry.HoldId, Is.EqualTo(first.HoldId));
        Assert.That(other.Kind, Is.EqualTo(LedgerErrorKind.IdempotencyKeyReused));
        Assert.That(await Used("user:ann"), Is.EqualTo(10));
    }

    [TestCase("user:ann", "user:bob", ExpectedResult = "on_behalf_of")]
    [TestCase("org:acme", "org:other", ExpectedResult = "on_behalf_of")]
    [TestCase("org:acme", "lead:visitor", ExpectedResult = "on_behalf_of")]
    [TestCase("org:acme", "ann", ExpectedResult = "on_behalf_of")]
    public async Task<string> A_malformed_pool_reserve_names_its_field(string account, string member)
    {
        var error = await Fails(() => Ledger.Ledger.ReserveAsync(Ledger.ReserveCommand(account, 10) with { OnBehalfOf = member }));
        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.InvalidRequest));
        return error.Metadata["field"];
    }
}
