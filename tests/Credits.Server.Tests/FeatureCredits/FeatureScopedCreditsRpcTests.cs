using Credits.Client.Errors;
using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Tests.FeatureCredits;

/// <summary>Feature-scoped credits through a real server and the generated client (the feature costs 5 a unit).</summary>
public sealed class FeatureScopedCreditsRpcTests(DatabaseProvider provider) : ServerFixture(provider)
{
    [Test]
    public async Task A_scoped_grant_pays_a_reserve_of_its_feature_first_and_never_one_by_amount()
    {
        var account = NewAccount();
        var scopedRequest = GrantRequest(account, 10);
        scopedRequest.Features.Add(LedgerServer.Feature);
        var scoped = await Writer.GrantAsync(scopedRequest);
        var unscoped = await Grant(account, 8);

        Assert.That(scoped.Balance.Available, Is.Zero);
        Assert.That(scoped.Balance.Scoped.Single(), Is.EqualTo(new ScopedBalance { Features = { LedgerServer.Feature }, Available = 10 }));

        var byAmount = await Assert.ThrowsAsync<InsufficientCreditsException>(() => Writer.ReserveAsync(ReserveRequest(account, 9)));
        Assert.That((byAmount!.StatusCode, byAmount.Reason, byAmount.Available), Is.EqualTo((StatusCode.FailedPrecondition, "INSUFFICIENT_CREDITS", 8L)));

        var hold = await Writer.ReserveAsync(new ReserveRequest
        {
            AccountId = account, Feature = LedgerServer.Feature, Quantity = 3, IdempotencyKey = NewKey(),
        });

        var reserve = (await History(account)).Last();
        Assert.That(reserve.Parts.Select(part => (part.LotId, part.Amount)), Is.EqualTo(new[] { (scoped.LotId, 10L), (unscoped.LotId, 5L) }));
        Assert.That((hold.Amount, hold.Balance.Available, hold.Balance.Held), Is.EqualTo((15L, 3L, 15L)));
        Assert.That(hold.Balance.Scoped.Single(), Is.EqualTo(new ScopedBalance { Features = { LedgerServer.Feature }, Held = 10 }));
    }
}
