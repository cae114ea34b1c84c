using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;

namespace Credits.Server.Tests.Reservations;

/// <summary>The wrapper's reservation scope: reserve, run the work, then commit or release.</summary>
public sealed class RunReservedTests(DatabaseProvider provider) : ServerFixture(provider)
{
    [Test]
    public async Task Work_that_succeeds_commits_the_whole_hold()
    {
        var account = NewAccount();
        await Grant(account, 100);

        var result = await Writer.RunReservedAsync(ReserveRequest(account, 30), (reservation, _) =>
        {
            Assert.That(reservation.Amount, Is.EqualTo(30));
            return Task.FromResult("done");
        });

        Assert.That(result, Is.EqualTo("done"));
        var balance = await Writer.GetBalanceAsync(account);
        Assert.That(balance.Available, Is.EqualTo(70));
        Assert.That(balance.Held, Is.Zero);
        Assert.That((await History(account)).Last().Kind, Is.EqualTo(EntryKind.Commit));
    }

    [Test]
    public async Task Work_that_sets_its_actual_cost_commits_that_much_and_returns_the_rest()
    {
        var account = NewAccount();
        await Grant(account, 100);

        await Writer.RunReservedAsync(ReserveRequest(account, 30), (reservation, _) =>
        {
            reservation.SetActualCost(12);
            return Task.CompletedTask;
        });

        var balance = await Writer.GetBalanceAsync(account);
        Assert.That(balance.Available, Is.EqualTo(88));
        Assert.That(balance.Held, Is.Zero);
        var last = (await History(account)).Last();
        Assert.That(last.Kind, Is.EqualTo(EntryKind.Commit));
        Assert.That(last.Amount, Is.EqualTo(-12));
    }

    [Test]
    public async Task Work_that_sets_a_cost_of_zero_releases_the_hold()
    {
        var account = NewAccount();
        await Grant(account, 100);

        await Writer.RunReservedAsync(ReserveRequest(account, 30), (reservation, _) =>
        {
            reservation.SetActualCost(0);
            return Task.CompletedTask;
        });

        Assert.That((await Writer.GetBalanceAsync(account)).Available, Is.EqualTo(100));
        Assert.That((await History(account)).Last().Kind, Is.EqualTo(EntryKind.Release));
    }

    [Test]
    public async Task Work_that_throws_releases_the_hold_and_the_exception_is_rethrown()
    {
        var account = NewAccount();
        await Grant(account, 100);
        var failure = new InvalidOperationException("the paid operation failed");
        var heldDuringWork = -1L;

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => Writer.RunReservedAsync(ReserveRequest(account, 30),
            async (reservation, token) =>
            {
                heldDuringWork = (await Writer.GetBalanceAsync(reservation.AccountId, token)).Held;
                throw failure;
            }));

        Assert.That(thrown, Is.SameAs(failure));
        Assert.That(heldDuringWork, Is.EqualTo(30), "the credits were held while the work ran");
        var balance = await Writer.GetBalanceAsync(account);
        Assert.That(balance.Available, Is.EqualTo(100));
        Assert.That(balance.Held, Is.Zero);
        Assert.That((await History(account)).Last().Kind, Is.EqualTo(EntryKind.Release));
    }

    [Test]
    public async Task Work_that_is_cancelled_releases_the_hold()
    {
        var account = NewAccount();
        await Grant(account, 100);
        using var cancel = new CancellationTokenSource();

        await Assert.CatchAsync<OperationCanceledException>(() => Writer.RunReservedAsync(ReserveRequest(account, 30),
            async (_, token) =>
            {
                await cancel.CancelAsync();
                await Task.Delay(Timeout.Infinite, token);
            },
            cancel.Token));

        var balance = await Writer.GetBalanceAsync(account);
        Assert.That(balance.Available, Is.EqualTo(100));
        Assert.That(balance.Held, Is.Zero);
        Assert.That((await History(account)).Last().Kind, Is.EqualTo(EntryKind.Release));
    }
}
