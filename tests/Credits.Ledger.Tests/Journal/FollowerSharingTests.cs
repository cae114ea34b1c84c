using System.Collections.Concurrent;
using Credits.Ledger.Data;
using Credits.Ledger.History;
using Credits.Ledger.Journal;
using Credits.Ledger.Tests.Support;
using Credits.Testing;

namespace Credits.Ledger.Tests.Journal;

/// <summary>
/// Followers of one account share its reads: a change costs one journal read however many follow,
/// an idle follower costs none, and nothing stays behind when they leave.
/// </summary>
public sealed class FollowerSharingTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private CancellationTokenSource Stop { get; set; } = null!;

    [SetUp]
    public void StartClock() => Stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

    [TearDown]
    public void StopFollowing()
    {
        Stop.Cancel();
        Stop.Dispose();
    }

    [Test]
    public async Task Many_followers_of_one_account_see_every_entry_in_order_from_one_read_per_change()
    {
        await Ledger.Grant("user:a", 1);
        var followers = Enumerable.Range(0, 25).Select(_ => Follow("user:a", 0)).ToList();
        await Eventually.True(() => Ledger.Ledger.Followers.Followers == 25, "every follower to reach the live end");
        await Eventually.True(() => followers.All(f => f.Received.Count == 1), "every follower to receive the past");
        var readsBefore = Ledger.Ledger.Followers.TailReads;

        const int Changes = 10;
        for (var i = 2; i <= Changes + 1; i++)
        {
            await Ledger.Grant("user:a", 1);
            var sequence = i;
            await Eventually.True(() => followers.All(f => f.Received.Contains(sequence)), $"every follower to receive entry {sequence}");
        }

        foreach (var follower in followers)
        {
            Assert.That(follower.Received, Is.EqualTo(Enumerable.Range(1, Changes + 1).Select(i => (long)i)));
        }
        // One read per change (the tail's first read may land after the count was taken); per-follower reads made 250.
        Assert.That(Ledger.Ledger.Followers.TailReads - readsBefore, Is.InRange(Changes, Changes + 1));
    }

    [Test]
    public async Task Idle_followers_read_nothing_until_their_account_changes()
    {
        var followers = Enumerable.Range(0, 10).Select(i => Follow($"user:{i}", 0)).ToList();
        await Eventually.True(() => Ledger.Ledger.Followers.Followers == 10, "every follower to reach the live end");
        await Eventually.True(() => Ledger.Ledger.Followers.TailReads == 10, "each account's first read");

        // The shared poll runs while they idle (one query for all ten); it finds nothing new, so nobody reads.
        for (var poll = 0; poll < 3; poll++)
        {
            Ledger.Time.Advance(JournalFollowers.PollInterval);
            await Task.Delay(100);
        }
        Assert.That(Ledger.Ledger.Followers.TailReads, Is.EqualTo(10), "idle followers read nothing");
        await Ledger.Grant("user:3", 1);
        await Eventually.True(() => followers[3].Received.Count == 1, "the follower of the changed account to receive it");

        Assert.That(Ledger.Ledger.Followers.TailReads, Is.EqualTo(11));
        Assert.That(followers.Where((_, i) => i != 3).All(f => f.Received.IsEmpty));
    }

    [Test]
    public async Task Followers_that_leave_release_their_account()
    {
        var followers = Enumerable.Range(0, 20).Select(i => Follow($"user:{i % 5}", 0, own: true)).ToList();
        await Eventually.True(() => Ledger.Ledger.Followers.Followers == 20, "every follower to reach the live end");
        Assert.That(Ledger.Ledger.Followers.FollowedAccounts, Is.EqualTo(5));

        foreach (var follower in followers)
        {
            await follower.StopAsync();
        }

        await Eventually.True(() => Ledger.Ledger.Followers.FollowedAccounts == 0, "every account to be released");
        await Eventually.True(() => Ledger.Changes.Notifier.Waiting == 0, "every change signal to be dropped");
    }

    [Test]
    public async Task A_change_nobody_announced_is_found_by_the_shared_poll()
    {
        var follower = Follow("user:a", 0);
        await Eventually.True(() => Ledger.Ledger.Followers.Followers == 1 && Ledger.Ledger.Followers.TailReads == 1, "the follower to reach the live end");
        // Another process on the same database: its commit is not announced here.
        using var other = Ledger.Peer();
        await other.Grant("user:a", 7);
        await Task.Delay(100);
        Assert.That(follower.Received, Is.Empty, "nothing announced the change yet");

        Ledger.Time.Advance(JournalFollowers.PollInterval);

        await Eventually.True(() => follower.Received.Count == 1, "the poll to find the unannounced entry");
    }

    [Test]
    public async Task A_follower_left_behind_by_a_busy_account_still_receives_every_entry()
    {
        var slow = new List<long>();
        await using var reader = Ledger.Ledger.StreamHistoryAsync("user:a", 0, follow: true, Stop.Token).GetAsyncEnumerator();
        var first = reader.MoveNextAsync();
        await Ledger.Grant("user:a", 1_000_000);
        Assert.That(await first, Is.True);
        slow.Add(reader.Current.Sequence);

        // More than the shared tail keeps (each spend writes a reserve and a commit), written while the slow follower reads nothing.
        const int Spends = (AccountTail.RecentMax + 300) / 2;
        var total = 1 + (2 * Spends);
        for (var spent = 0; spent < Spends; spent += 50)
        {
            await Task.WhenAll(Enumerable.Range(0, Math.Min(50, Spends - spent)).Select(async _ =>
                await Ledger.Commit((await Ledger.Reserve("user:a", 1)).HoldId)));
        }
        await Eventually.True(() => Ledger.Ledger.Followers.Followers == 1, "the follower to be listed");

        while (slow.Count < total && await reader.MoveNextAsync())
        {
            slow.Add(reader.Current.Sequence);
        }
        Assert.That(slow, Is.EqualTo(Enumerable.Range(1, total).Select(i => (long)i)));
    }

    private Follower Follow(string accountId, long after, bool own = false)
    {
        var stop = own ? CancellationTokenSource.CreateLinkedTokenSource(Stop.Token) : null;
        var follower = new Follower(stop);
        follower.Run = Task.Run(async () =>
        {
            try
            {
                await foreach (var entry in Ledger.Ledger.StreamHistoryAsync(accountId, after, follow: true, (stop?.Token ?? Stop.Token)))
                {
                    follower.Received.Enqueue(entry.Sequence);
                }
            }
            catch (OperationCanceledException)
            {
                // Stopped by the test.
            }
        });
        return follower;
    }

    private sealed class Follower(CancellationTokenSource? stop)
    {
        public ConcurrentQueue<long> Received { get; } = new();
        public Task Run { get; set; } = Task.CompletedTask;

        public async Task StopAsync()
        {
            stop!.Cancel();
            await Run;
            stop.Dispose();
        }
    }
}
