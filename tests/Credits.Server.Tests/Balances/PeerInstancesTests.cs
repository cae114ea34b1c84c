using Credits.Client;
using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.Testing;
using Credits.V1;

namespace Credits.Server.Tests.Balances;

/// <summary>
/// Two server instances on one PostgreSQL database tell each other what they change (SQLite serves
/// one process, so this is PostgreSQL's alone). The clock never moves: only a peer's notice can end
/// a balance one instance holds in memory.
/// </summary>
public sealed class PeerInstancesTests
{
    private LedgerServer _one = null!;
    private LedgerServer _other = null!;
    private CreditsClient _oneWriter = null!;
    private CreditsClient _otherWriter = null!;

    [OneTimeSetUp]
    public async Task StartTwoInstances()
    {
        _one = await LedgerServer.StartAsync(DatabaseProvider.Postgres);
        _other = await _one.StartPeerAsync();
        _oneWriter = _one.Client(TestKeys.Writer);
        _otherWriter = _other.Client(TestKeys.Writer);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _oneWriter.Dispose();
        _otherWriter.Dispose();
        await _other.DisposeAsync();
        await _one.DisposeAsync();
    }

    [Test]
    public async Task A_write_through_one_instance_is_soon_read_through_the_other()
    {
        var account = $"user:{Guid.NewGuid():N}";
        await _oneWriter.GrantAsync(Grant(account, 10));
        Assert.That((await _oneWriter.GetBalanceAsync(account)).Available, Is.EqualTo(10));

        await _otherWriter.GrantAsync(Grant(account, 5));

        await Eventually.True(async () => (await _oneWriter.GetBalanceAsync(account)).Available == 15, "the other instance's grant to be read");
    }

    [Test]
    public async Task A_history_follower_on_one_instance_sees_writes_made_through_the_other()
    {
        var account = $"user:{Guid.NewGuid():N}";
        await _oneWriter.GrantAsync(Grant(account, 10));
        using var timeout = new CancellationTokenSource(Eventually.Timeout);
        using var follow = _one.Raw.StreamHistory(new StreamHistoryRequest { AccountId = account, AfterSequence = 1, Follow = true },
            LedgerServer.Bearer(TestKeys.Writer), cancellationToken: timeout.Token);

        await _otherWriter.GrantAsync(Grant(account, 5));

        Assert.That(await follow.ResponseStream.MoveNext(timeout.Token), Is.True);
        Assert.That((follow.ResponseStream.Current.Entry.Sequence, follow.ResponseStream.Current.Entry.Amount), Is.EqualTo((2L, 5L)));
    }

    private static GrantRequest Grant(string account, long amount) =>
        new() { AccountId = account, Amount = amount, Bucket = Bucket.Purchased, IdempotencyKey = $"key-{Guid.NewGuid():N}" };
}
