using Credits.Ledger.Balances;

namespace Credits.Ledger.Tests.Balances;

/// <summary>The cache's publication rules, on their own: what may replace what.</summary>
public sealed class BalanceCacheUnitTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Never = DateTimeOffset.MaxValue;

    private static BalanceView View(long available, long sequence, string account = "user:1") =>
        new(account, available, 0, [], null, LastSequence: sequence);

    private static long? Served(BalanceCache cache, string account = "user:1") =>
        cache.TryGet(account, Now, 0, out var view) ? view.Available : null;

    [Test]
    public void A_read_that_began_before_an_invalidation_is_not_published()
    {
        var cache = new BalanceCache(new BalanceCacheOptions());
        var version = cache.Version("user:1");

        cache.Invalidate("user:1");
        cache.TryPut(View(10, 1), Now, Never, version);

        Assert.That(Served(cache), Is.Null);
    }

    [Test]
    public void A_read_that_began_before_a_commit_never_replaces_the_commits_balance()
    {
        var cache = new BalanceCache(new BalanceCacheOptions());
        var version = cache.Version("user:1");

        cache.PutCommitted(View(15, 2), Now, Never);
        cache.TryPut(View(10, 1), Now, Never, version);

        Assert.That(Served(cache), Is.EqualTo(15));
    }

    [Test]
    public void An_earlier_commit_published_late_never_replaces_a_later_one()
    {
        var cache = new BalanceCache(new BalanceCacheOptions());

        cache.PutCommitted(View(15, 2), Now, Never);
        cache.PutCommitted(View(10, 1), Now, Never);

        Assert.That(Served(cache), Is.EqualTo(15));
    }

    [Test]
    public void A_balance_is_served_until_its_validity_ends()
    {
        var cache = new BalanceCache(new BalanceCacheOptions());
        cache.TryPut(View(10, 1), Now, Now + TimeSpan.FromSeconds(5), cache.Version("user:1"));

        Assert.That(cache.TryGet("user:1", Now + TimeSpan.FromSeconds(4.9), 0, out _), Is.True);
        Assert.That(cache.TryGet("user:1", Now + TimeSpan.FromSeconds(5), 0, out _), Is.False);
    }

    [Test]
    public void A_balance_older_than_the_min_sequence_asked_for_is_not_served()
    {
        var cache = new BalanceCache(new BalanceCacheOptions());
        cache.PutCommitted(View(10, 7), Now, Never);

        Assert.That(cache.TryGet("user:1", Now, 7, out _), Is.True);
        Assert.That(cache.TryGet("user:1", Now, 8, out _), Is.False);
    }

    [Test]
    public void The_cache_never_holds_more_than_its_capacity()
    {
        var cache = new BalanceCache(new BalanceCacheOptions { Capacity = 100 });

        for (var i = 0; i < 1_000; i++)
        {
            cache.PutCommitted(View(i, 1, $"user:{i}"), Now, Never);
        }

        Assert.That(cache.Count, Is.InRange(90, 100));
        Assert.That(Served(cache, "user:999"), Is.EqualTo(999), "the newest entry survives the trim that made room for it");
    }

    [Test]
    public void A_cache_that_does_not_hear_its_peers_serves_nothing_until_it_does()
    {
        var cache = new BalanceCache(new BalanceCacheOptions(), coherent: false);
        cache.PutCommitted(View(10, 1), Now, Never);
        Assert.That(Served(cache), Is.Null);

        cache.SetCoherent(true);
        cache.PutCommitted(View(10, 1), Now, Never);

        Assert.That(Served(cache), Is.EqualTo(10));
    }
}
