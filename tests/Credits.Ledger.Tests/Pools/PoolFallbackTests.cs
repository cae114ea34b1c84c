using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using Credits.Ledger.Journal;
using Credits.Ledger.Pools;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Pools;

/// <summary>The fallback policy: all from the pool, else all from the member's own account, never split.</summary>
public sealed class PoolFallbackTests(DatabaseProvider provider) : PoolSpec(provider)
{
    private const string Ann = "user:ann";

    [Test]
    public async Task A_short_pool_takes_everything_from_the_member_account_and_no_allowance()
    {
        await Ledger.Grant(Pool, 20);
        await Ledger.Grant(Ann, 100);
        await AddMember(Ann, limit: 100);
        await SetFallback(PoolFallback.MemberAccount);

        var hold = await ReserveFor(Ann, 30);

        Assert.That((hold.Balance.AccountId, hold.Balance.Available, hold.Balance.Held), Is.EqualTo((Ann, 70L, 30L)),
            "the answer's balance names the account the hold is on");
        Assert.That((await Ledger.Balance(Pool)).Available, Is.EqualTo(20), "no split: the pool keeps its 20");
        Assert.That(await Used(Ann), Is.EqualTo(0), "a hold on the member's own account is no pool usage");
        Assert.That((await Ledger.Commit(hold.HoldId, 10)).Balance.Available, Is.EqualTo(90), "it commits as any hold of the member's");
    }

    [Test]
    public async Task A_short_allowance_takes_everything_from_the_member_account()
    {
        await Ledger.Grant(Pool, 1_000);
        await Ledger.Grant(Ann, 100);
        await AddMember(Ann, limit: 50);
        await SetFallback(PoolFallback.MemberAccount);
        await ReserveFor(Ann, 40);

        var hold = await ReserveFor(Ann, 20);

        Assert.That(hold.Balance.AccountId, Is.EqualTo(Ann));
        Assert.That(await Used(Ann), Is.EqualTo(40), "the pool hold counts, the fallback hold does not");
        Assert.That((await Ledger.Balance(Pool)).Available, Is.EqualTo(960));
        Assert.That((await ReserveFor(Ann, 10)).Balance.AccountId, Is.EqualTo(Pool), "what fits in both levels still comes from the pool");
    }

    [Test]
    public async Task Both_short_is_refused_with_the_pool_figures_and_changes_nothing()
    {
        await Ledger.Grant(Pool, 20);
        await Ledger.Grant(Ann, 25);
        await AddMember(Ann, limit: 100);
        await SetFallback(PoolFallback.MemberAccount);

        var error = await Fails(() => ReserveFor(Ann, 30));

        Assert.That((error.Kind, error.Metadata["available"]), Is.EqualTo((LedgerErrorKind.InsufficientCredits, "20")));
        Assert.That(((await Ledger.Balance(Pool)).Available, (await Ledger.Balance(Ann)).Available), Is.EqualTo((20L, 25L)));
        Assert.That(await Used(Ann), Is.EqualTo(0));
    }

    [Test]
    public async Task Without_fallback_a_short_allowance_is_refused_as_before_and_the_policy_can_be_turned_off()
    {
        await Ledger.Grant(Pool, 1_000);
        await Ledger.Grant(Ann, 100);
        await AddMember(Ann, limit: 10);
        Assert.That((await Fails(() => ReserveFor(Ann, 20))).Kind, Is.EqualTo(LedgerErrorKind.MemberLimitExceeded), "none is the default");
        var key = Ledger.NewKey();
        await SetFallback(PoolFallback.MemberAccount);
        await SetFallback(PoolFallback.None, key);

        var retry = await SetFallback(PoolFallback.None, key);

        Assert.That(retry.Fallback, Is.EqualTo(PoolFallback.None), "a retry returns the first answer");
        Assert.That((await Fails(() => ReserveFor(Ann, 20))).Kind, Is.EqualTo(LedgerErrorKind.MemberLimitExceeded));
        Assert.That((await Ledger.Balance(Ann)).Available, Is.EqualTo(100));
    }

    [Test]
    public async Task Without_fallback_a_reserve_for_a_member_leaves_the_members_own_account_untouched()
    {
        // The member's lot expires unswept: an account the batch loads is caught up (its expiry journaled),
        // so whether the reserve loaded the member's account shows in the member's journal.
        await Ledger.Grant(Pool, 1_000);
        await Ledger.Grant(Ann, 10, expiresIn: TimeSpan.FromHours(1));
        await AddMember(Ann, limit: 5);
        Ledger.Advance(TimeSpan.FromHours(2));

        await ReserveFor(Ann, 5);
        Assert.That((await Fails(() => ReserveFor(Ann, 1))).Kind, Is.EqualTo(LedgerErrorKind.MemberLimitExceeded));

        Assert.That((await Ledger.History(Ann)).Select(entry => entry.Kind), Is.EqualTo(new[] { EntryKind.Grant }),
            "neither the reserve nor the refusal locked or caught up the member's account");
        await SetFallback(PoolFallback.MemberAccount);
        Assert.That((await Fails(() => ReserveFor(Ann, 1))).Kind, Is.EqualTo(LedgerErrorKind.MemberLimitExceeded));
        Assert.That((await Ledger.History(Ann)).Select(entry => entry.Kind), Is.EqualTo(new[] { EntryKind.Grant, EntryKind.LotExpire }),
            "with the fallback the member's account is loaded (and caught up) to be tried");
    }

    [Test]
    public async Task A_policy_on_a_user_account_is_refused()
    {
        var error = await Fails(() => Ledger.Ledger.SetPoolPolicyAsync(
            new SetPoolPolicyCommand(LedgerHarness.Caller, Ann, PoolFallback.MemberAccount, Ledger.NewKey())));

        Assert.That((error.Kind, error.Metadata["field"]), Is.EqualTo((LedgerErrorKind.InvalidRequest, "pool_account_id")));
    }

    [Test]
    public async Task Twenty_concurrent_reserves_by_one_member_with_fallback_never_overdraw_either_account()
    {
        await Ledger.Grant(Pool, 50);
        await Ledger.Grant(Ann, 100);
        await AddMember(Ann, limit: 1_000);
        await SetFallback(PoolFallback.MemberAccount);
        var refused = 0;

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            try
            {
                await ReserveFor(Ann, 10);
            }
            catch (LedgerException error) when (error.Kind == LedgerErrorKind.InsufficientCredits)
            {
                Interlocked.Increment(ref refused);
            }
        })));

        Assert.That(refused, Is.EqualTo(5), "50 from the pool and 100 from the member's account: 15 of 20 fit");
        var (pool, own) = (await Ledger.Balance(Pool), await Ledger.Balance(Ann));
        Assert.That((pool.Available, pool.Held, own.Available, own.Held), Is.EqualTo((0L, 50L, 0L, 100L)));
        Assert.That(await Used(Ann), Is.EqualTo(50));
    }

    private Task<PoolPolicyResult> SetFallback(PoolFallback fallback, string? key = null) =>
        Ledger.Ledger.SetPoolPolicyAsync(new SetPoolPolicyCommand(LedgerHarness.Caller, Pool, fallback, key ?? Ledger.NewKey()));
}
