using Credits.Ledger.Data;
using Credits.Ledger.Journal;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Journal;

public sealed class HistoryTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    [Test]
    public async Task Sequences_start_at_one_per_account_and_have_no_gaps()
    {
        await Ledger.Grant("user:a", 5);
        await Ledger.Grant("user:b", 5);
        await Ledger.Grant("user:a", 5);
        await Ledger.Reserve("user:a", 2);

        Assert.That((await Ledger.History("user:a")).Select(e => e.Sequence), Is.EqualTo(new long[] { 1, 2, 3 }));
        Assert.That((await Ledger.History("user:b")).Select(e => e.Sequence), Is.EqualTo(new long[] { 1 }));
    }

    [Test]
    public async Task History_resumes_exactly_after_the_given_sequence()
    {
        for (var i = 0; i < 5; i++)
        {
            await Ledger.Grant("user:a", 1);
        }

        var resumed = await Ledger.History("user:a", after: 3);

        Assert.That(resumed.Select(e => e.Sequence), Is.EqualTo(new long[] { 4, 5 }));
    }

    [Test]
    public async Task History_of_an_unknown_account_is_empty()
    {
        Assert.That(await Ledger.History("user:ghost"), Is.Empty);
    }

    [Test]
    public async Task History_pages_through_more_entries_than_one_page()
    {
        var commands = Enumerable.Range(0, CreditLedger.HistoryPageSize + 7)
            .Select(_ => (Commands.LedgerCommand)Ledger.GrantCommand("user:a", 1)).ToList();
        await Ledger.Ledger.ExecuteBatchAsync(commands);

        var entries = await Ledger.History("user:a");

        Assert.That(entries.Select(e => e.Sequence), Is.EqualTo(Enumerable.Range(1, CreditLedger.HistoryPageSize + 7).Select(i => (long)i)));
    }

    [Test]
    public async Task A_follower_receives_the_past_then_live_entries_without_gap_or_repeat()
    {
        for (var i = 0; i < 3; i++)
        {
            await Ledger.Grant("user:a", 1);
        }
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new List<JournalEntry>();
        var follower = Task.Run(async () =>
        {
            await foreach (var entry in Ledger.Ledger.StreamHistoryAsync("user:a", 0, follow: true, cancel.Token))
            {
                received.Add(entry);
                if (entry.Sequence == 40)
                {
                    return;
                }
            }
        });

        // Writers race the follower's switch from past to live.
        await Task.WhenAll(Enumerable.Range(0, 37).Select(_ => Task.Run(() => Ledger.Grant("user:a", 1))));
        await follower;

        Assert.That(received.Select(e => e.Sequence), Is.EqualTo(Enumerable.Range(1, 40).Select(i => (long)i)));
    }

    [Test]
    public async Task A_follower_that_reconnects_with_its_last_sequence_resumes_exactly()
    {
        await Ledger.Grant("user:a", 1);
        await Ledger.Grant("user:a", 1);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var resumed = new List<long>();
        var follower = Task.Run(async () =>
        {
            await foreach (var entry in Ledger.Ledger.StreamHistoryAsync("user:a", 2, follow: true, cancel.Token))
            {
                resumed.Add(entry.Sequence);
                if (resumed.Count == 2)
                {
                    return;
                }
            }
        });

        await Ledger.Grant("user:a", 1);
        await Ledger.Grant("user:a", 1);
        await follower;

        Assert.That(resumed, Is.EqualTo(new long[] { 3, 4 }));
    }
}
