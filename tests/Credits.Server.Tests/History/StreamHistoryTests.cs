using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;

namespace Credits.Server.Tests.History;

/// <summary>StreamHistory over gRPC: the past, then live entries, with no gap and no repeat; exact resumption.</summary>
public sealed class StreamHistoryTests(DatabaseProvider provider) : ServerFixture(provider)
{
    private const int PastEntries = 3;
    private const int Writers = 6;
    private const int GrantsPerWriter = 5;

    [Test]
    public async Task A_follower_receives_the_past_then_concurrent_live_entries_with_no_gap_and_no_repeat()
    {
        var account = NewAccount();
        for (var i = 0; i < PastEntries; i++)
        {
            await Grant(account, 1);
        }
        const long last = PastEntries + (Writers * GrantsPerWriter);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new List<JournalEntry>();
        var streamOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var following = Task.Run(async () =>
        {
            await foreach (var entry in Writer.StreamHistoryAsync(account, follow: true, cancellationToken: timeout.Token))
            {
                received.Add(entry);
                streamOpen.TrySetResult();
                if (entry.Sequence >= last)
                {
                    break;
                }
            }
        });
        // The writers start once the stream is delivering the past, so the switch to live entries
        // happens while they write.
        await streamOpen.Task.WaitAsync(timeout.Token);
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < GrantsPerWriter; i++)
            {
                await Grant(account, 1);
            }
        })));
        await following.WaitAsync(timeout.Token);

        Assert.That(received.Select(e => e.Sequence), Is.EqualTo(Enumerable.Range(1, (int)last).Select(i => (long)i)));
        Assert.That(received.Last().AvailableAfter, Is.EqualTo(last));
    }

    [Test]
    public async Task A_follower_that_reconnects_after_its_last_sequence_resumes_exactly()
    {
        var account = NewAccount();
        for (var i = 0; i < 5; i++)
        {
            await Grant(account, 1);
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var first = new List<JournalEntry>();
        await foreach (var entry in Writer.StreamHistoryAsync(account, follow: true, cancellationToken: timeout.Token))
        {
            first.Add(entry);
            if (entry.Sequence == 3)
            {
                break;
            }
        }
        for (var i = 0; i < 4; i++)
        {
            await Grant(account, 1);
        }

        var resumed = new List<JournalEntry>();
        await foreach (var entry in Writer.StreamHistoryAsync(account, afterSequence: first.Last().Sequence, follow: true,
                           cancellationToken: timeout.Token))
        {
            resumed.Add(entry);
            if (entry.Sequence == 9)
            {
                break;
            }
        }

        Assert.That(first.Select(e => e.Sequence), Is.EqualTo(new long[] { 1, 2, 3 }));
        Assert.That(resumed.Select(e => e.Sequence), Is.EqualTo(new long[] { 4, 5, 6, 7, 8, 9 }));
    }

    [Test]
    public async Task History_after_a_sequence_returns_exactly_the_entries_that_follow_it()
    {
        var account = NewAccount();
        for (var i = 0; i < 6; i++)
        {
            await Grant(account, 1);
        }

        var after = await History(account, afterSequence: 4);

        Assert.That(after.Select(e => e.Sequence), Is.EqualTo(new long[] { 5, 6 }));
    }

    [Test]
    public async Task A_balance_names_the_journal_sequence_to_follow_from_so_a_page_sees_only_later_changes()
    {
        var account = NewAccount();
        await Grant(account, 10);
        await Grant(account, 20);

        var balance = await Writer.GetBalanceAsync(account);
        var granted = await Writer.GrantAsync(new GrantRequest
        {
            AccountId = account, Amount = 5, Bucket = Bucket.Purchased, IdempotencyKey = $"grant-{Guid.NewGuid():N}",
        });
        var since = await History(account, afterSequence: balance.LastSequence);

        Assert.That(balance.LastSequence, Is.EqualTo(2));
        Assert.That(since.Select(e => (e.Sequence, e.Amount)), Is.EqualTo(new[] { (3L, 5L) }));
        Assert.That(granted.Balance.LastSequence, Is.EqualTo(3), "a write's answer names the entry it wrote");
    }

    [Test]
    public async Task Without_follow_the_stream_ends_after_the_entries_that_exist_now()
    {
        var account = NewAccount();
        await Grant(account, 1);
        await Grant(account, 2);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var entries = new List<JournalEntry>();
        await foreach (var entry in Writer.StreamHistoryAsync(account, follow: false, cancellationToken: timeout.Token))
        {
            entries.Add(entry);
        }

        Assert.That(entries.Select(e => e.Sequence), Is.EqualTo(new long[] { 1, 2 }));
    }

    [Test]
    public async Task History_of_an_unknown_account_is_an_empty_stream()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var entries = new List<JournalEntry>();

        await foreach (var entry in Writer.StreamHistoryAsync(NewAccount(), follow: false, cancellationToken: timeout.Token))
        {
            entries.Add(entry);
        }

        Assert.That(entries, Is.Empty);
    }

    [Test]
    public async Task A_follower_of_an_unknown_account_receives_its_first_entries_when_they_are_written()
    {
        var account = NewAccount();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new List<JournalEntry>();
        var following = Task.Run(async () =>
        {
            await foreach (var entry in Writer.StreamHistoryAsync(account, follow: true, cancellationToken: timeout.Token))
            {
                received.Add(entry);
                if (entry.Sequence == 2)
                {
                    break;
                }
            }
        });

        await Grant(account, 4);
        await Grant(account, 6);
        await following.WaitAsync(timeout.Token);

        Assert.That(received.Select(e => e.AvailableAfter), Is.EqualTo(new long[] { 4, 10 }));
    }

    [Test]
    public async Task Every_streamed_entry_carries_its_link_in_the_account_hash_chain()
    {
        var account = NewAccount();
        await Grant(account, 10);
        await Grant(account, 5, Bucket.Free);
        var received = new List<JournalEntry>();
        await foreach (var entry in Writer.StreamHistoryAsync(account, follow: false))
        {
            received.Add(entry);
        }

        var previous = Credits.Ledger.Journal.JournalChain.Genesis.ToArray();
        foreach (var entry in received)
        {
            var expected = Credits.Ledger.Journal.JournalChain.Next(previous, ToDomain(account, entry));
            Assert.That(entry.Hash.ToByteArray(), Is.EqualTo(expected), $"hash of sequence {entry.Sequence}");
            previous = expected;
        }
        Assert.That(received, Has.Count.EqualTo(2));
    }

    /// <summary>The streamed entry as the domain's record, which the chain's canonical bytes are defined over.</summary>
    private static Credits.Ledger.Journal.JournalEntry ToDomain(string account, JournalEntry entry) => new(
        account, entry.Sequence, (Credits.Ledger.Journal.EntryKind)(int)entry.Kind, entry.Amount, entry.AvailableAfter, entry.HeldAfter,
        entry.LotId, entry.HoldId, entry.Parts.Select(part => new Credits.Ledger.Lots.LotPart(part.LotId, part.Amount)).ToList(),
        entry.Feature, entry.Actor, entry.IdempotencyKey, entry.Metadata, entry.CreatedAt.ToDateTimeOffset(),
        entry.Bucket == Bucket.Unspecified ? null : (Credits.Ledger.Lots.Bucket)(int)entry.Bucket, entry.Reference, entry.OwedAfter);
}
