using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;

namespace Credits.Server.Tests.Holds;

/// <summary>The server's own sweeper, driven by the fake clock, writes due expiries into the journal as <c>system</c>.</summary>
public sealed class ExpirySweepTests(DatabaseProvider provider) : ServerFixture(provider)
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(30);

    protected override ServerSettings Settings => ServerSettings.Default with { SweepInterval = SweepInterval };

    [Test]
    public async Task The_sweeper_journals_an_expired_hold_as_a_system_hold_expire_that_followers_receive()
    {
        var account = NewAccount();
        await Grant(account, 50);
        var hold = await Reserve(account, 20, ttl: TimeSpan.FromSeconds(5));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var received = new List<JournalEntry>();
        var pastDelivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var following = Task.Run(async () =>
        {
            await foreach (var entry in Writer.StreamHistoryAsync(account, follow: true, cancellationToken: timeout.Token))
            {
                received.Add(entry);
                if (entry.Sequence == 2)
                {
                    pastDelivered.TrySetResult();
                }
                if (entry.Sequence == 3)
                {
                    break;
                }
            }
        });
        await pastDelivered.Task.WaitAsync(timeout.Token);

        Time.Advance(SweepInterval);
        await following.WaitAsync(timeout.Token);

        var expiry = received.Last();
        Assert.That(expiry.Kind, Is.EqualTo(EntryKind.HoldExpire));
        Assert.That(expiry.HoldId, Is.EqualTo(hold.HoldId));
        Assert.That(expiry.Actor, Is.EqualTo("system"));
        Assert.That(expiry.Amount, Is.Zero);
        Assert.That(expiry.AvailableAfter, Is.EqualTo(50));
        Assert.That(expiry.HeldAfter, Is.Zero);
    }
}
