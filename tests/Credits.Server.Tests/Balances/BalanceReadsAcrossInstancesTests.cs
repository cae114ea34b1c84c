using Credits.Client;
using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Tests.Balances;

/// <summary>
/// GetBalance behind a load balancer: a balance this instance holds in memory, and a write that
/// went through another instance of the same deployment.
/// </summary>
public sealed class BalanceReadsAcrossInstancesTests(DatabaseProvider provider) : ServerFixture(provider)
{
    private LedgerServer _peer = null!;
    private CreditsClient _peerWriter = null!;

    [OneTimeSetUp]
    public async Task StartPeer()
    {
        _peer = await Server.StartPeerAsync();
        _peerWriter = _peer.Client(TestKeys.Writer);
    }

    [OneTimeTearDown]
    public async Task StopPeer()
    {
        _peerWriter.Dispose();
        await _peer.DisposeAsync();
    }

    [Test]
    public async Task Min_sequence_returns_a_balance_that_includes_a_write_made_through_another_instance()
    {
        var account = NewAccount();
        await Writer.GrantAsync(Grant(account, 10));
        await Writer.GetBalanceAsync(account);

        var write = await _peerWriter.GrantAsync(Grant(account, 5));
        var balance = await Writer.GetBalanceAsync(account, write.Balance.LastSequence, new CallOptions());

        Assert.That((balance.Available, balance.LastSequence), Is.EqualTo((15L, write.Balance.LastSequence)));
    }

    private static GrantRequest Grant(string account, long amount) =>
        new() { AccountId = account, Amount = amount, Bucket = Bucket.Purchased, IdempotencyKey = NewKey() };

    [Test]
    public async Task A_negative_min_sequence_is_refused_naming_the_field()
    {
        var error = await RpcFailure(() => Raw.GetBalanceAsync(
            new GetBalanceRequest { AccountId = NewAccount(), MinSequence = -1 }, LedgerServer.Bearer(TestKeys.Writer)).ResponseAsync);

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(BadRequestOf(error)!.FieldViolations.Single().Field, Is.EqualTo("min_sequence"));
    }
}
