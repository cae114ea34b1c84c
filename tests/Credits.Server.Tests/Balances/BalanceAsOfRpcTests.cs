using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Credits.Server.Tests.Balances;

/// <summary>GetBalance with as_of through a real server and the generated client: the past balance, its lots, and a refused future.</summary>
public sealed class BalanceAsOfRpcTests(DatabaseProvider provider) : ServerFixture(provider)
{
    private Task<GetBalanceResponse> AsOf(string account, DateTimeOffset instant) =>
        Raw.GetBalanceAsync(new GetBalanceRequest { AccountId = account, AsOf = Timestamp.FromDateTimeOffset(instant) },
            LedgerServer.Bearer(TestKeys.Reader)).ResponseAsync;

    [Test]
    public async Task The_balance_as_of_an_earlier_instant_is_the_one_read_then_with_each_lot_explained()
    {
        var account = NewAccount();
        var lot = (await Grant(account, 50)).LotId;
        Time.Advance(TimeSpan.FromMinutes(1));
        var afterGrant = Now;
        var live = await Writer.GetBalanceAsync(account);
        Time.Advance(TimeSpan.FromMinutes(1));
        await Reserve(account, 20);

        var past = await AsOf(account, afterGrant);

        Assert.That((past.Balance.Available, past.Balance.Held, past.Balance.LastSequence), Is.EqualTo((live.Available, live.Held, live.LastSequence)));
        Assert.That(past.Balance.Buckets, Is.EqualTo(live.Buckets));
        Assert.That(past.Lots, Is.EqualTo(new[]
        {
            new LotAsOf { LotId = lot, Bucket = Bucket.Purchased, Granted = 50, Remaining = 50, Sequences = { 1L } },
        }));
        var now = await AsOf(account, Now);
        Assert.That((now.Balance.Available, now.Balance.Held, now.Lots.Single().Held), Is.EqualTo((30L, 20L, 20L)));
    }

    [Test]
    public async Task An_instant_in_the_future_is_invalid_argument_naming_as_of()
    {
        var account = NewAccount();

        var error = await RpcFailure(() => AsOf(account, Now.AddMinutes(1)));

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        var info = ErrorInfoOf(error);
        Assert.That((info.Reason, info.Metadata["field"]), Is.EqualTo(("INVALID_REQUEST", "as_of")));
    }
}
