using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Credits.Server.Tests.Contract;

/// <summary>
/// The same RPCs through the generated <see cref="LedgerService.LedgerServiceClient"/> alone, with the key as a
/// plain header: what any gRPC client in any language sees on the wire.
/// </summary>
public sealed class RawClientTests(DatabaseProvider provider) : ServerFixture(provider)
{
    private static readonly Metadata WriterHeaders = LedgerServer.Bearer(TestKeys.Writer);

    [Test]
    public async Task Every_rpc_works_through_the_generated_client_with_a_bearer_header()
    {
        var account = NewAccount();
        var expiry = Now + TimeSpan.FromDays(1);

        var grant = await Raw.GrantAsync(GrantRequest(account, 100, Bucket.Gift, expiresAt: expiry), WriterHeaders);
        Assert.That(grant.LotId, Is.Not.Empty);
        Assert.That(grant.Balance.Available, Is.EqualTo(100));
        Assert.That(grant.Balance.NextExpiry.Amount, Is.EqualTo(100));
        Assert.That(grant.Balance.NextExpiry.ExpiresAt, Is.EqualTo(Timestamp.FromDateTimeOffset(expiry)));

        var byAmount = await Raw.ReserveAsync(ReserveRequest(account, 40, ttl: TimeSpan.FromSeconds(90)), WriterHeaders);
        Assert.That(byAmount.Amount, Is.EqualTo(40));
        Assert.That(byAmount.ExpiresAt, Is.EqualTo(Timestamp.FromDateTimeOffset(Now + TimeSpan.FromSeconds(90))));
        Assert.That(byAmount.Balance.Available, Is.EqualTo(60));
        Assert.That(byAmount.Balance.Held, Is.EqualTo(40));
        Assert.That(byAmount.Balance.NextExpiry.Amount, Is.EqualTo(60), "next_expiry counts available credits only");

        var byFeature = await Raw.ReserveAsync(
            new ReserveRequest { AccountId = account, Feature = LedgerServer.Feature, IdempotencyKey = NewKey() }, WriterHeaders);
        Assert.That(byFeature.Amount, Is.EqualTo(LedgerServer.FeaturePrice), "quantity 0 means 1");
        Assert.That(byFeature.Balance.Available, Is.EqualTo(60 - LedgerServer.FeaturePrice));

        var partial = await Raw.CommitAsync(new CommitRequest { HoldId = byAmount.HoldId, Amount = 15 }, WriterHeaders);
        Assert.That(partial.Committed, Is.EqualTo(15));
        Assert.That(partial.Released, Is.EqualTo(25));
        Assert.That(partial.Balance.Available, Is.EqualTo(85 - LedgerServer.FeaturePrice));
        Assert.That(partial.Balance.Held, Is.EqualTo(LedgerServer.FeaturePrice));

        var whole = await Raw.CommitAsync(new CommitRequest { HoldId = byFeature.HoldId }, WriterHeaders);
        Assert.That(whole.Committed, Is.EqualTo(LedgerServer.FeaturePrice));
        Assert.That(whole.Released, Is.Zero);
        Assert.That(whole.Balance.Available, Is.EqualTo(85 - LedgerServer.FeaturePrice));
        Assert.That(whole.Balance.Held, Is.Zero);

        var third = await Raw.ReserveAsync(ReserveRequest(account, 10), WriterHeaders);
        var released = await Raw.ReleaseAsync(new ReleaseRequest { HoldId = third.HoldId }, WriterHeaders);
        Assert.That(released.Released, Is.EqualTo(10));
        Assert.That(released.Balance.Available, Is.EqualTo(85 - LedgerServer.FeaturePrice));

        var read = await Raw.GetBalanceAsync(new GetBalanceRequest { AccountId = account }, WriterHeaders);
        Assert.That(read.Balance, Is.EqualTo(released.Balance));
        Assert.That(read.Balance.Buckets, Is.EqualTo(new[] { new BucketBalance { Bucket = Bucket.Gift, Available = 80 } }));

        var lead = NewAccount("lead");
        var claimed = await Raw.ClaimLeadAsync(
            new ClaimLeadRequest { LeadAccountId = lead, UserAccountId = account, IdempotencyKey = NewKey() }, WriterHeaders);
        Assert.That(claimed.Moved, Is.EqualTo(LedgerServer.LeadAllowance));
        Assert.That(claimed.Balance.Available, Is.EqualTo(80 + LedgerServer.LeadAllowance));

        using var stream = Raw.StreamHistory(new StreamHistoryRequest { AccountId = account }, WriterHeaders);
        var entries = new List<JournalEntry>();
        while (await stream.ResponseStream.MoveNext(CancellationToken.None))
        {
            entries.Add(stream.ResponseStream.Current.Entry);
        }
        Assert.That(entries.Select(e => e.Kind), Is.EqualTo(new[]
        {
            EntryKind.Grant, EntryKind.Reserve, EntryKind.Reserve, EntryKind.Commit, EntryKind.Commit,
            EntryKind.Reserve, EntryKind.Release, EntryKind.TransferIn,
        }));
        Assert.That(entries.Select(e => e.Sequence), Is.EqualTo(Enumerable.Range(1, 8).Select(i => (long)i)));
        Assert.That(entries[2].Feature, Is.EqualTo(LedgerServer.Feature));
        Assert.That(entries.Last().AvailableAfter, Is.EqualTo(claimed.Balance.Available));
        Assert.That(stream.GetStatus().StatusCode, Is.EqualTo(StatusCode.OK));
    }
}
