using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Tests.Notifications;

/// <summary>
/// StreamNotifications through a real server and the .NET client: the notifications already
/// written, then each new one as the change that causes it commits, once each and in order; a
/// stream resumed after a sequence starts after it.
/// </summary>
public sealed class StreamNotificationsTests(DatabaseProvider provider) : ServerFixture(provider)
{
    // A safety net so a broken stream fails the test instead of hanging it; nothing is timed.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private async Task SpendAsync(string account, long amount)
    {
        var hold = await Reserve(account, amount);
        await Writer.CommitAsync(new CommitRequest { HoldId = hold.HoldId });
    }

    [Test]
    public async Task The_past_comes_first_then_each_new_crossing_arrives_as_it_commits()
    {
        var account = NewAccount();
        await Grant(account, 100);
        await SpendAsync(account, 80);                                  // 20 left: LOW_BALANCE 20%
        using var cancel = new CancellationTokenSource(Patience);
        await using var stream = Writer.StreamNotificationsAsync(account, cancellationToken: cancel.Token).GetAsyncEnumerator(cancel.Token);

        Assert.That(await stream.MoveNextAsync(), Is.True);
        var past = stream.Current;
        var live = stream.MoveNextAsync();
        await SpendAsync(account, 11);                                  // 9 left: 10%
        Assert.That(await live, Is.True);
        var tenPercent = stream.Current;
        await SpendAsync(account, 9);                                   // 0 left: DEPLETED
        Assert.That(await stream.MoveNextAsync(), Is.True);
        var depleted = stream.Current;

        Assert.That(new[] { past, tenPercent, depleted }.Select(note => (note.Sequence, note.Kind, note.ThresholdPercent, note.Balance)), Is.EqualTo(new[]
        {
            (1L, NotificationKind.LowBalance, 20, 20L),
            (2L, NotificationKind.LowBalance, 10, 9L),
            (3L, NotificationKind.Depleted, 0, 0L),
        }));
    }

    [Test]
    public async Task A_stream_resumed_after_a_sequence_starts_after_it()
    {
        var account = NewAccount();
        await Grant(account, 100);
        await SpendAsync(account, 80);
        await SpendAsync(account, 11);
        using var cancel = new CancellationTokenSource(Patience);

        await using var stream = Writer.StreamNotificationsAsync(account, afterSequence: 1, cancellationToken: cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.That(await stream.MoveNextAsync(), Is.True);

        Assert.That((stream.Current.Sequence, stream.Current.ThresholdPercent), Is.EqualTo((2L, 10)));
    }

    [Test]
    public async Task A_negative_start_is_refused_naming_after_sequence()
    {
        var error = await RpcFailure(async () =>
        {
            using var call = Writer.NotificationsRaw.StreamNotifications(new StreamNotificationsRequest { AccountId = NewAccount(), AfterSequence = -1 });
            await call.ResponseStream.MoveNext();
        });

        Assert.That(BadRequestOf(error)!.FieldViolations.Single().Field, Is.EqualTo("after_sequence"));
    }
}
