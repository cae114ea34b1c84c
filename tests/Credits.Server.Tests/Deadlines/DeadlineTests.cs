using System.Diagnostics;
using Credits.Client.Errors;
using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Tests.Deadlines;

/// <summary>Deadlines end calls with DEADLINE_EXCEEDED; an expired unary call never reaches the ledger.</summary>
public sealed class DeadlineTests(DatabaseProvider provider) : ServerFixture(provider)
{
    [Test]
    public async Task A_grant_whose_deadline_has_passed_fails_with_deadline_exceeded_and_changes_nothing()
    {
        var account = NewAccount();
        await Grant(account, 10);
        var passed = DateTime.UtcNow - TimeSpan.FromSeconds(1);

        var wrapped = await Assert.ThrowsAsync<CreditsException>(() => Writer.GrantAsync(GrantRequest(account, 5), passed));
        var raw = await RpcFailure(() => Raw.GrantAsync(GrantRequest(account, 5), LedgerServer.Bearer(TestKeys.Writer), passed).ResponseAsync);

        Assert.That(wrapped!.StatusCode, Is.EqualTo(StatusCode.DeadlineExceeded));
        Assert.That(raw.StatusCode, Is.EqualTo(StatusCode.DeadlineExceeded));
        Assert.That((await Writer.GetBalanceAsync(account)).Available, Is.EqualTo(10));
        Assert.That(await History(account), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_reserve_whose_deadline_has_passed_fails_with_deadline_exceeded_and_holds_nothing()
    {
        var account = NewAccount();
        await Grant(account, 10);

        var error = await Assert.ThrowsAsync<CreditsException>(
            () => Writer.ReserveAsync(ReserveRequest(account, 5), DateTime.UtcNow - TimeSpan.FromSeconds(1)));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.DeadlineExceeded));
        var balance = await Writer.GetBalanceAsync(account);
        Assert.That(balance.Available, Is.EqualTo(10));
        Assert.That(balance.Held, Is.Zero);
        Assert.That(await History(account), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_following_history_stream_with_a_one_second_deadline_delivers_the_past_then_ends_with_deadline_exceeded()
    {
        var account = NewAccount();
        for (var i = 0; i < 3; i++)
        {
            await Grant(account, 1);
        }
        var request = new StreamHistoryRequest { AccountId = account, Follow = true };
        var options = new CallOptions(deadline: DateTime.UtcNow + TimeSpan.FromSeconds(1));
        var received = new List<JournalEntry>();
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<CreditsException>(async () =>
        {
            await foreach (var entry in Writer.StreamHistoryAsync(request, options))
            {
                received.Add(entry);
            }
        });

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.DeadlineExceeded));
        Assert.That(received.Select(e => e.Sequence), Is.EqualTo(new long[] { 1, 2, 3 }));
        Assert.That(clock.Elapsed, Is.GreaterThan(TimeSpan.FromMilliseconds(900)), "the stream stayed open until the deadline");
    }
}
