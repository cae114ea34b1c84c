using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Concurrency;

public sealed class ConcurrentCallerTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    [Test]
    public async Task Thirty_two_callers_reserving_and_committing_on_one_account_never_overdraw_it()
    {
        const int callers = 32;
        const int roundsPerCaller = 6;
        const long granted = 1000;
        var expected = Enumerable.Range(0, callers)
            .Sum(caller => Enumerable.Range(0, roundsPerCaller).Sum(round => 1L + ((caller + round) % 5)));
        await Ledger.Grant("user:hot", granted);
        long committed = 0;
        var refused = 0;

        await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            for (var round = 0; round < roundsPerCaller; round++)
            {
                var amount = 1 + ((caller + round) % 5);
                try
                {
                    var hold = await Ledger.Reserve("user:hot", amount);
                    Assert.That(hold.Balance.Available, Is.GreaterThanOrEqualTo(0));
                    var commit = await Ledger.Commit(hold.HoldId, amount);
                    Interlocked.Add(ref committed, commit.Committed);
                }
                catch (LedgerException error) when (error.Kind == LedgerErrorKind.InsufficientCredits)
                {
                    Interlocked.Increment(ref refused);
                }
            }
        })));

        var balance = await Ledger.Balance("user:hot");
        Assert.That(balance.Held, Is.Zero);
        Assert.That(balance.Available, Is.EqualTo(granted - committed), "every committed credit is debited exactly once");
        Assert.That(refused, Is.Zero, "1000 credits cover every reserve");
        Assert.That(committed, Is.EqualTo(expected));
    }

    [Test]
    public async Task Callers_racing_for_too_few_credits_get_insufficient_credits_and_the_account_never_goes_negative()
    {
        const int callers = 40;
        await Ledger.Grant("user:scarce", 25);
        var held = 0;
        var refused = 0;

        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            try
            {
                await Ledger.Reserve("user:scarce", 1);
                Interlocked.Increment(ref held);
            }
            catch (LedgerException error) when (error.Kind == LedgerErrorKind.InsufficientCredits)
            {
                Interlocked.Increment(ref refused);
            }
        })));

        var balance = await Ledger.Balance("user:scarce");
        Assert.That((held, refused), Is.EqualTo((25, 15)));
        Assert.That((balance.Available, balance.Held), Is.EqualTo((0L, 25L)));
    }

    [Test]
    public async Task Concurrent_grants_reserves_and_releases_across_accounts_keep_every_total_exact()
    {
        var accounts = Enumerable.Range(0, 8).Select(i => $"user:{i}").ToArray();
        await Task.WhenAll(Enumerable.Range(0, 32).Select(worker => Task.Run(async () =>
        {
            var account = accounts[worker % accounts.Length];
            await Ledger.Grant(account, 10);
            var hold = await Ledger.Reserve(account, 4);
            if (worker / accounts.Length % 2 == 0)
            {
                await Ledger.Release(hold.HoldId);
            }
            else
            {
                await Ledger.Commit(hold.HoldId, 3);
            }
        })));

        foreach (var account in accounts)
        {
            var balance = await Ledger.Balance(account);
            // Four workers per account: two release (net 0), two commit 3 each.
            Assert.That((balance.Available, balance.Held), Is.EqualTo((40L - 6L, 0L)), account);
        }
    }
}
