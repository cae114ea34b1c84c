using Credits.Ledger.Balances;
using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using Credits.Ledger.Lots;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Balances;

public sealed class BalanceAsOfTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private Task<ReplayedBalance> AsOf(string account, DateTimeOffset instant) => Ledger.Ledger.GetBalanceAsOfAsync(account, instant);

    private DateTimeOffset Now => Ledger.Time.GetUtcNow();

    [Test]
    public async Task The_balance_as_of_each_recorded_instant_equals_the_live_balance_read_then_on_a_random_workload()
    {
        var random = new Random(20);
        var active = new List<string>();
        var committed = new List<string>();
        var recorded = new List<(DateTimeOffset At, BalanceView Live)>();
        await Ledger.Grant("user:2", 500);
        for (var step = 0; step < 40; step++)
        {
            Ledger.Advance(TimeSpan.FromMinutes(random.Next(10, 90)));
            try
            {
                await RandomStep(random, active, committed);
            }
            catch (LedgerException error) when (error.Kind is LedgerErrorKind.InsufficientCredits or LedgerErrorKind.HoldNotActive
                or LedgerErrorKind.RefundExceedsCommitted)
            {
                // A refused step changes nothing; the balance recorded below still has to match.
            }
            await Ledger.Sweeper.SweepOnceAsync();
            recorded.Add((Now, await Ledger.Balance("user:1")));
        }

        foreach (var (at, live) in recorded)
        {
            var replayed = await AsOf("user:1", at);
            Assert.That((replayed.Available, replayed.Held, replayed.Owed, replayed.LastSequence),
                Is.EqualTo((live.Available, live.Held, live.Owed, live.LastSequence)), $"totals as of {at:O}");
            Assert.That(ByBucket(replayed), Is.EquivalentTo(live.Buckets.Where(b => b.Available != 0 || b.Held != 0)
                .Select(b => (b.Bucket, b.Available, b.Held))), $"buckets as of {at:O}");
        }
    }

    private async Task RandomStep(Random random, List<string> active, List<string> committed)
    {
        switch (random.Next(9))
        {
            case 0 or 1:
                var bucket = random.Next(3) switch { 0 => Bucket.Free, 1 => Bucket.Purchased, _ => Bucket.Promo };
                await Ledger.Grant("user:1", random.Next(5, 40), bucket, random.Next(2) == 0 ? TimeSpan.FromHours(random.Next(1, 6)) : null);
                break;
            case 2 or 3:
                active.Add((await Ledger.Reserve("user:1", random.Next(1, 15), TimeSpan.FromMinutes(random.Next(30, 240)))).HoldId);
                break;
            case 4 when active.Count > 0:
                var hold = Take(random, active);
                await Ledger.Commit(hold, random.Next(2) == 0 ? null : 1);
                committed.Add(hold);
                break;
            case 5 when active.Count > 0:
                await Ledger.Release(Take(random, active));
                break;
            case 6 when committed.Count > 0:
                await Ledger.Ledger.RefundChargeAsync(new RefundChargeCommand("operator", committed[random.Next(committed.Count)], 1, "poor result", Ledger.NewKey()));
                break;
            case 7:
                await Ledger.Ledger.TransferAsync(new TransferCommand(LedgerHarness.Caller, random.Next(2) == 0 ? "user:2" : "user:1",
                    random.Next(2) == 0 ? "user:1" : "user:3", random.Next(1, 6), Ledger.NewKey()));
                break;
            default:
                await Ledger.Ledger.AdjustAsync(new AdjustCommand("operator", "user:1", random.Next(2) == 0 ? 3 : -2, "ticket", Ledger.NewKey()));
                break;
        }
    }

    private static string Take(Random random, List<string> holds)
    {
        var index = random.Next(holds.Count);
        var hold = holds[index];
        holds.RemoveAt(index);
        return hold;
    }

    private static IEnumerable<(Bucket, long, long)> ByBucket(ReplayedBalance balance) =>
        balance.Lots.GroupBy(lot => lot.Bucket).Select(group => (group.Key, group.Sum(lot => lot.Remaining), group.Sum(lot => lot.Held)))
            .Where(bucket => bucket.Item2 != 0 || bucket.Item3 != 0);

    [Test]
    public async Task Each_live_lot_is_explained_by_what_arrived_left_was_pinned_and_expired_and_by_the_entries_that_moved_it()
    {
        var purchased = await Ledger.Grant("user:1", 10, Bucket.Purchased);                          // 1
        var free = await Ledger.Grant("user:1", 5, Bucket.Free, TimeSpan.FromHours(1));              // 2: burns first
        Ledger.Advance(TimeSpan.FromMinutes(1));
        var hold = await Ledger.Reserve("user:1", 7);                                                // 3: pins free 5, purchased 2
        var reserved = Now;
        Ledger.Advance(TimeSpan.FromMinutes(1));
        await Ledger.Commit(hold.HoldId, 4);                                                         // 4: spends free 4, returns the rest
        var committedAt = Now;
        Ledger.Advance(TimeSpan.FromHours(2));
        await Ledger.Sweeper.SweepOnceAsync();                                                       // 5: the free lot's last 1 expires

        var atReserve = await AsOf("user:1", reserved);
        var atCommit = await AsOf("user:1", committedAt);
        var afterExpiry = await AsOf("user:1", Now);

        Assert.That((atReserve.Available, atReserve.Held, atReserve.LastSequence), Is.EqualTo((8L, 7L, 3L)));
        Assert.That(atReserve.Lots.Select(Explain), Is.EqualTo(new[]
        {
            (purchased.LotId, Bucket.Purchased, 10L, 0L, 2L, 0L, 8L, "1,3"),
            (free.LotId, Bucket.Free, 5L, 0L, 5L, 0L, 0L, "2,3"),
        }));
        Assert.That(atCommit.Lots.Select(Explain), Is.EqualTo(new[]
        {
            (purchased.LotId, Bucket.Purchased, 10L, 0L, 0L, 0L, 10L, "1,3,4"),
            (free.LotId, Bucket.Free, 5L, 4L, 0L, 0L, 1L, "2,3,4"),
        }));
        Assert.That((afterExpiry.Available, afterExpiry.Held), Is.EqualTo((10L, 0L)));
        Assert.That(afterExpiry.Lots.Select(Explain), Is.EqualTo(new[] { (purchased.LotId, Bucket.Purchased, 10L, 0L, 0L, 0L, 10L, "1,3,4") }),
            "a lot with nothing left in it is no longer listed");
    }

    private static (string, Bucket, long, long, long, long, long, string) Explain(ReplayedLot lot) =>
        (lot.LotId, lot.Bucket, lot.Granted, lot.Spent, lot.Held, lot.Expired, lot.Remaining, string.Join(",", lot.Sequences));

    [Test]
    public async Task Before_the_first_entry_the_balance_is_empty()
    {
        var before = Now;
        Ledger.Advance(TimeSpan.FromSeconds(1));
        await Ledger.Grant("user:1", 10);

        var replayed = await AsOf("user:1", before);

        Assert.That((replayed.Available, replayed.Held, replayed.LastSequence, replayed.Lots.Count), Is.EqualTo((0L, 0L, 0L, 0)));
    }

    [Test]
    public async Task An_instant_in_the_future_or_a_malformed_account_is_refused_with_the_field_named()
    {
        await Ledger.Grant("user:1", 10);

        var future = await Fails(() => AsOf("user:1", Now.AddSeconds(1)));
        var account = await Fails(() => AsOf("not an account", Now));

        Assert.That((future.Kind, future.Metadata["field"]), Is.EqualTo((LedgerErrorKind.InvalidRequest, "as_of")));
        Assert.That((account.Kind, account.Metadata["field"]), Is.EqualTo((LedgerErrorKind.InvalidRequest, "account_id")));
    }
}

public sealed class BalanceAsOfCapTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    protected override LedgerOptions CreateOptions() => new() { AsOfReplayEntriesMax = 3 };

    [Test]
    public async Task A_replay_longer_than_the_cap_is_refused_and_one_within_it_is_answered()
    {
        for (var i = 0; i < 4; i++)
        {
            await Ledger.Grant("user:1", 1);
            Ledger.Advance(TimeSpan.FromSeconds(1));
        }

        var error = await Fails(() => Ledger.Ledger.GetBalanceAsOfAsync("user:1", Ledger.Time.GetUtcNow()));
        var within = await Ledger.Ledger.GetBalanceAsOfAsync("user:1", Ledger.Time.GetUtcNow().AddSeconds(-2));

        Assert.That((error.Kind, error.Metadata["max"]), Is.EqualTo((LedgerErrorKind.ReplayTooLong, "3")));
        Assert.That((within.Available, within.LastSequence), Is.EqualTo((3L, 3L)));
    }
}
