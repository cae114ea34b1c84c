using Credits.Ledger.Data;
using Credits.Ledger.Lots;
using Credits.Ledger.Subscriptions;
using Credits.Ledger.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Credits.Ledger.Tests.Subscriptions;

/// <summary>A ledger with the subscription rules over it, on both providers, ending with the verifier.</summary>
public abstract class SubscriptionFixture(DatabaseProvider provider) : LedgerFixture(provider)
{
    protected const string Admin = "ops-admin";

    protected TestTiers Catalog { get; private set; } = null!;

    protected SubscriptionProcessor Subscriptions { get; private set; } = null!;

    protected DateTimeOffset Now => Ledger.Time.GetUtcNow();

    [SetUp]
    public void CreateSubscriptions()
    {
        Catalog = new TestTiers();
        Subscriptions = new SubscriptionProcessor(Ledger.Ledger, Ledger.Database, Ledger.Options, Catalog, Ledger.Time,
            NullLogger<SubscriptionProcessor>.Instance);
    }

    /// <summary>Moves the clock to <paramref name="at"/> and runs the renewal pass, as the background service would.</summary>
    protected async Task RenewAt(DateTimeOffset at)
    {
        Ledger.Time.SetUtcNow(at);
        await Subscriptions.RenewDueAsync();
    }

    protected async Task<Dictionary<Bucket, long>> Buckets(string account) =>
        (await Ledger.Balance(account)).Buckets.ToDictionary(bucket => bucket.Bucket, bucket => bucket.Available);

    protected async Task Spend(string account, long amount)
    {
        var hold = await Ledger.Reserve(account, amount);
        await Ledger.Commit(hold.HoldId);
    }

    /// <summary>The verifier finds nothing, and the journal's amounts add up to the balance.</summary>
    protected async Task AssertLedgerConsistent(string account)
    {
        Assert.That(await Ledger.Verifier.VerifyAsync(), Is.Empty, "ledger invariants");
        var balance = await Ledger.Balance(account);
        await Ledger.Sweeper.SweepOnceAsync();
        var replayed = (await Ledger.History(account)).Sum(entry => entry.Amount);
        Assert.That(replayed, Is.EqualTo(balance.Available + balance.Held), "the journal replays to the balance");
    }
}
