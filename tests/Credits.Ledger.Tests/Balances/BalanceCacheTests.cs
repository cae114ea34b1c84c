using Credits.Ledger.Balances;
using Credits.Ledger.Data;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Balances;

/// <summary>
/// GetBalance answers from memory. A second instance on the same database (a peer this one does
/// not hear) shows what is served from memory and what from the database.
/// </summary>
public sealed class BalanceCacheTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private LedgerHarness _peer = null!;

    [SetUp]
    public void CreatePeer() => _peer = Ledger.Peer();

    [TearDown]
    public void DisposePeer() => _peer.Dispose();

    [Test]
    public async Task A_balance_read_once_is_served_from_memory_until_something_announces_a_change()
    {
        await Ledger.Grant("user:1", 10);
        await Ledger.Balance("user:1");

        await _peer.Grant("user:1", 5);

        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(10), "unannounced, the peer's grant is not seen");
        Ledger.Changes.ChangedElsewhere(["user:1"]);
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(15), "announced, it is");
    }

    [Test]
    public async Task Every_write_through_this_instance_is_in_the_next_read()
    {
        await Ledger.Grant("user:1", 10);
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(10));

        var hold = await Ledger.Reserve("user:1", 4);
        Assert.That(((await Ledger.Balance("user:1")).Available, (await Ledger.Balance("user:1")).Held), Is.EqualTo((6L, 4L)));
        await Ledger.Commit(hold.HoldId, 3);
        var balance = await Ledger.Balance("user:1");

        Assert.That((balance.Available, balance.Held, balance.LastSequence), Is.EqualTo((7L, 0L, hold.Balance.LastSequence + 1)));
    }

    [Test]
    public async Task A_cached_balance_ends_when_its_first_lot_expires()
    {
        await Ledger.Grant("user:1", 10, expiresIn: TimeSpan.FromHours(1));
        await Ledger.Grant("user:1", 3);
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(13));

        Ledger.Advance(TimeSpan.FromHours(1));

        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(3));
    }

    [Test]
    public async Task A_cached_balance_ends_when_a_hold_expires()
    {
        await Ledger.Grant("user:1", 10);
        await Ledger.Reserve("user:1", 4, ttl: TimeSpan.FromMinutes(1));
        Assert.That((await Ledger.Balance("user:1")).Held, Is.EqualTo(4));

        Ledger.Advance(TimeSpan.FromMinutes(1));

        var balance = await Ledger.Balance("user:1");
        Assert.That((balance.Available, balance.Held), Is.EqualTo((10L, 0L)));
    }

    [Test]
    public async Task An_unannounced_change_is_served_no_longer_than_the_max_age()
    {
        await Ledger.Grant("user:1", 10);
        await Ledger.Balance("user:1");
        await _peer.Grant("user:1", 5);

        Ledger.Advance(new BalanceCacheOptions().MaxAge - TimeSpan.FromSeconds(1));
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(10));
        Ledger.Advance(TimeSpan.FromSeconds(1));
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(15));
    }

    [Test]
    public async Task A_min_sequence_past_the_cached_balance_reads_the_database()
    {
        await Ledger.Grant("user:1", 10);
        var cached = await Ledger.Balance("user:1");

        var peerWrite = await _peer.Grant("user:1", 5);

        Assert.That((await Ledger.Ledger.GetBalanceAsync("user:1", cached.LastSequence)).Available, Is.EqualTo(10));
        var fresh = await Ledger.Ledger.GetBalanceAsync("user:1", peerWrite.Balance.LastSequence);
        Assert.That((fresh.Available, fresh.LastSequence), Is.EqualTo((15L, peerWrite.Balance.LastSequence)));
    }

    [Test]
    public async Task While_peers_are_not_heard_every_read_goes_to_the_database()
    {
        await Ledger.Grant("user:1", 10);
        await Ledger.Balance("user:1");
        Ledger.Changes.PeersHeard(false);

        await _peer.Grant("user:1", 5);
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(15));
        await _peer.Grant("user:1", 1);
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(16));

        Ledger.Changes.PeersHeard(true);
        await Ledger.Balance("user:1");
        await _peer.Grant("user:1", 1);
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(16), "heard again, reads are served from memory");
    }

    [Test]
    public async Task A_capacity_of_zero_turns_the_cache_off()
    {
        using var uncached = Ledger.Peer(new BalanceCacheOptions { Capacity = 0 });
        await uncached.Grant("user:1", 10);
        await uncached.Balance("user:1");

        await _peer.Grant("user:1", 5);

        Assert.That((await uncached.Balance("user:1")).Available, Is.EqualTo(15));
    }

    [Test]
    public async Task An_unused_lead_is_never_cached_so_its_allowance_is_granted_by_its_first_use()
    {
        var first = await Ledger.Balance("lead:1");
        await _peer.Reserve("lead:1", 5);

        var second = await Ledger.Balance("lead:1");

        Assert.That((first.Available, second.Available, second.Held), Is.EqualTo((20L, 15L, 5L)));
    }

    [Test]
    public async Task Readers_racing_writers_leave_every_account_at_its_stored_balance()
    {
        var accounts = Enumerable.Range(1, 4).Select(i => $"user:{i}").ToArray();
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var account in accounts)
                {
                    await Ledger.Balance(account);
                }
            }
        })).ToList();
        var writers = accounts.Select(account => Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                await Ledger.Grant(account, 1);
                var hold = await Ledger.Reserve(account, 1);
                await Ledger.Commit(hold.HoldId);
            }
        })).ToList();
        await Task.WhenAll(writers);
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        foreach (var account in accounts)
        {
            var stored = await _peer.Balance(account);
            var served = await Ledger.Balance(account);
            Assert.That((served.Available, served.Held, served.LastSequence), Is.EqualTo((stored.Available, stored.Held, stored.LastSequence)),
                account);
            Assert.That(stored.LastSequence, Is.EqualTo(120), "40 grants, reserves and commits");
        }
    }
}
