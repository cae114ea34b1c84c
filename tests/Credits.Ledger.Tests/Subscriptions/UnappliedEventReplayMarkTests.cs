using Credits.Ledger.Data;
using Credits.Ledger.Subscriptions;
using Credits.Ledger.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Credits.Ledger.Tests.Subscriptions;

/// <summary>
/// Concurrent replays of one kept event race between changing the ledger and marking the event:
/// the record must name the replay that applied it, whichever marked first.
/// </summary>
public sealed class UnappliedEventReplayMarkTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private UnappliedEventStore Store => new(Ledger.Database, Ledger.Options, Ledger.Time, NullLogger<UnappliedEventStore>.Instance);

    [Test]
    public async Task A_replay_that_applied_takes_over_the_mark_of_one_that_found_nothing_to_do()
    {
        await Store.RecordAsync("evt_1", "invoice.paid", "{}", "unknown_price", "price_1");

        var idle = await Store.MarkReplayedAsync("evt_1", "unchanged");
        var applied = await Store.MarkReplayedAsync("evt_1", "applied", supersedes: "unchanged");

        Assert.That((idle, applied), Is.EqualTo((true, true)));
        Assert.That((await Store.FindAsync("evt_1"))!.ReplayOutcome, Is.EqualTo("applied"));
    }

    [Test]
    public async Task A_replay_that_found_nothing_to_do_never_overwrites_the_one_that_applied()
    {
        await Store.RecordAsync("evt_2", "invoice.paid", "{}", "unknown_price", "price_1");

        var applied = await Store.MarkReplayedAsync("evt_2", "applied", supersedes: "unchanged");
        var idle = await Store.MarkReplayedAsync("evt_2", "unchanged");
        var again = await Store.MarkReplayedAsync("evt_2", "applied", supersedes: "unchanged");

        Assert.That((applied, idle, again), Is.EqualTo((true, false, false)));
        Assert.That((await Store.FindAsync("evt_2"))!.ReplayOutcome, Is.EqualTo("applied"));
    }
}
