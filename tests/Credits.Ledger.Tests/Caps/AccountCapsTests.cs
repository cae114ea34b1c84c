using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Caps;

/// <summary>
/// Every batch that touches an account loads all its live lots and active holds, so one account may
/// not grow them without bound: a Grant beyond the live-lot cap and a Reserve beyond the active-hold
/// cap are refused, and change nothing.
/// </summary>
public sealed class AccountCapsTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private const int LotsMax = 3;
    private const int HoldsMax = 2;

    protected override LedgerOptions CreateOptions() => new() { LiveLotsPerAccountMax = LotsMax, ActiveHoldsPerAccountMax = HoldsMax };

    [Test]
    public async Task A_grant_beyond_the_live_lot_cap_is_refused_with_account_limit_reached_and_changes_nothing()
    {
        for (var i = 0; i < LotsMax; i++)
        {
            await Ledger.Grant("user:1", 10);
        }
        var before = await Ledger.History("user:1");

        var error = await Fails(() => Ledger.Grant("user:1", 10));

        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.AccountLimitReached));
        Assert.That(error.Metadata["limit"], Is.EqualTo("live_lots"));
        Assert.That(error.Metadata["max"], Is.EqualTo("3"));
        Assert.That(await Ledger.History("user:1"), Has.Count.EqualTo(before.Count));
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(30));
    }

    [Test]
    public async Task A_lot_spent_to_nothing_no_longer_counts_toward_the_cap()
    {
        for (var i = 0; i < LotsMax; i++)
        {
            await Ledger.Grant("user:1", 10);
        }
        var hold = await Ledger.Reserve("user:1", 10);
        await Ledger.Commit(hold.HoldId);

        await Ledger.Grant("user:1", 10);

        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(30));
    }

    [Test]
    public async Task The_cap_is_per_account()
    {
        for (var i = 0; i < LotsMax; i++)
        {
            await Ledger.Grant("user:1", 10);
        }

        await Ledger.Grant("user:2", 10);

        Assert.That((await Ledger.Balance("user:2")).Available, Is.EqualTo(10));
    }

    [Test]
    public async Task Lots_the_ledger_creates_itself_are_not_refused_a_claimed_leads_credits_reach_a_full_account()
    {
        for (var i = 0; i < LotsMax; i++)
        {
            await Ledger.Grant("user:1", 10);
        }

        await Ledger.Ledger.ClaimLeadAsync(new ClaimLeadCommand(LedgerHarness.Caller, "lead:visitor", "user:1", Ledger.NewKey()));

        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(30 + 20), "the lead's 20 free credits moved over");
    }

    [Test]
    public async Task A_reserve_beyond_the_active_hold_cap_is_refused_until_a_hold_ends()
    {
        await Ledger.Grant("user:1", 100);
        var first = await Ledger.Reserve("user:1", 1);
        await Ledger.Reserve("user:1", 1);

        var error = await Fails(() => Ledger.Reserve("user:1", 1));

        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.AccountLimitReached));
        Assert.That(error.Metadata["limit"], Is.EqualTo("active_holds"));
        Assert.That(error.Metadata["max"], Is.EqualTo("2"));
        Assert.That((await Ledger.Balance("user:1")).Held, Is.EqualTo(2));

        await Ledger.Release(first.HoldId);
        var third = await Ledger.Reserve("user:1", 1);
        Assert.That(third.Amount, Is.EqualTo(1));
    }

    [Test]
    public async Task Concurrent_grants_to_one_account_never_pass_the_cap()
    {
        var attempts = Enumerable.Range(0, 12).Select(async _ =>
        {
            try
            {
                await Ledger.Grant("user:1", 5);
                return true;
            }
            catch (LedgerException error) when (error.Kind == LedgerErrorKind.AccountLimitReached)
            {
                return false;
            }
        }).ToList();

        var granted = (await Task.WhenAll(attempts)).Count(ok => ok);

        Assert.That(granted, Is.EqualTo(LotsMax));
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(LotsMax * 5));
    }

    [Test]
    public async Task Concurrent_reserves_on_one_account_never_pass_the_cap()
    {
        await Ledger.Grant("user:1", 100);
        var attempts = Enumerable.Range(0, 10).Select(async _ =>
        {
            try
            {
                await Ledger.Reserve("user:1", 1);
                return true;
            }
            catch (LedgerException error) when (error.Kind == LedgerErrorKind.AccountLimitReached)
            {
                return false;
            }
        }).ToList();

        var reserved = (await Task.WhenAll(attempts)).Count(ok => ok);

        Assert.That(reserved, Is.EqualTo(HoldsMax));
        Assert.That((await Ledger.Balance("user:1")).Held, Is.EqualTo(HoldsMax));
    }
}
