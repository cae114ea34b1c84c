using Credits.Client.Errors;
using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Tests.Errors;

/// <summary>Server errors reach the wrapper as typed exceptions carrying their metadata.</summary>
public sealed class TypedClientErrorTests(DatabaseProvider provider) : ServerFixture(provider)
{
    [Test]
    public async Task Reserve_of_more_than_available_fails_with_failed_precondition_insufficient_credits()
    {
        var account = NewAccount();
        await Grant(account, 10);
        await Reserve(account, 4);

        var error = await Assert.ThrowsAsync<InsufficientCreditsException>(() => Writer.ReserveAsync(ReserveRequest(account, 7)));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(error.Reason, Is.EqualTo("INSUFFICIENT_CREDITS"));
        Assert.That(error.Available, Is.EqualTo(6));
        Assert.That(error.Requested, Is.EqualTo(7));
        Assert.That(await History(account), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Commit_after_release_fails_with_hold_not_active_in_state_released()
    {
        var account = NewAccount();
        await Grant(account, 10);
        var hold = await Reserve(account, 4);
        await Writer.ReleaseAsync(new ReleaseRequest { HoldId = hold.HoldId });

        var error = await Assert.ThrowsAsync<HoldNotActiveException>(() => Writer.CommitAsync(new CommitRequest { HoldId = hold.HoldId }));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(error.HoldId, Is.EqualTo(hold.HoldId));
        Assert.That(error.State, Is.EqualTo("released"));
        Assert.That((await Writer.GetBalanceAsync(account)).Available, Is.EqualTo(10));
    }

    [Test]
    public async Task Release_after_commit_fails_with_hold_not_active_in_state_committed()
    {
        var account = NewAccount();
        await Grant(account, 10);
        var hold = await Reserve(account, 4);
        await Writer.CommitAsync(new CommitRequest { HoldId = hold.HoldId });

        var error = await Assert.ThrowsAsync<HoldNotActiveException>(() => Writer.ReleaseAsync(new ReleaseRequest { HoldId = hold.HoldId }));

        Assert.That(error!.State, Is.EqualTo("committed"));
        Assert.That((await Writer.GetBalanceAsync(account)).Available, Is.EqualTo(6));
    }

    [Test]
    public async Task A_second_commit_with_another_amount_fails_with_hold_already_committed()
    {
        var account = NewAccount();
        await Grant(account, 10);
        var hold = await Reserve(account, 4);
        await Writer.CommitAsync(new CommitRequest { HoldId = hold.HoldId, Amount = 3 });

        var error = await Assert.ThrowsAsync<HoldAlreadyCommittedException>(
            () => Writer.CommitAsync(new CommitRequest { HoldId = hold.HoldId, Amount = 2 }));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.AlreadyExists));
        Assert.That(error.Reason, Is.EqualTo("HOLD_ALREADY_COMMITTED"));
        Assert.That((await Writer.GetBalanceAsync(account)).Available, Is.EqualTo(7));
    }

    [Test]
    public async Task A_key_reused_with_a_different_amount_fails_with_idempotency_key_reused()
    {
        var account = NewAccount();
        var key = NewKey();
        await Writer.GrantAsync(GrantRequest(account, 10, key: key));

        var error = await Assert.ThrowsAsync<IdempotencyKeyReusedException>(() => Writer.GrantAsync(GrantRequest(account, 11, key: key)));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.AlreadyExists));
        Assert.That(error.IdempotencyKey, Is.EqualTo(key));
        Assert.That((await Writer.GetBalanceAsync(account)).Available, Is.EqualTo(10));
        Assert.That(await History(account), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_lead_claimed_by_one_user_cannot_be_claimed_by_another()
    {
        var lead = NewAccount("lead");
        var first = NewAccount("user");
        var second = NewAccount("user");
        await Writer.ClaimLeadAsync(new ClaimLeadRequest { LeadAccountId = lead, UserAccountId = first, IdempotencyKey = NewKey() });

        var error = await Assert.ThrowsAsync<LeadAlreadyClaimedException>(() =>
            Writer.ClaimLeadAsync(new ClaimLeadRequest { LeadAccountId = lead, UserAccountId = second, IdempotencyKey = NewKey() }));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(error.LeadAccountId, Is.EqualTo(lead));
        Assert.That((await Writer.GetBalanceAsync(first)).Available, Is.EqualTo(LedgerServer.LeadAllowance));
        Assert.That((await Writer.GetBalanceAsync(second)).Available, Is.Zero);
    }

    [Test]
    public async Task A_commit_of_an_unknown_hold_fails_with_hold_not_found()
    {
        var error = await Assert.ThrowsAsync<HoldNotFoundException>(() => Writer.CommitAsync(new CommitRequest { HoldId = "hold_missing" }));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.NotFound));
        Assert.That(error.Metadata["holdId"], Is.EqualTo("hold_missing"));
    }

    [Test]
    public async Task A_reserve_of_an_unknown_feature_fails_with_feature_not_found()
    {
        var account = NewAccount();
        await Grant(account, 10);

        var error = await Assert.ThrowsAsync<FeatureNotFoundException>(() =>
            Writer.ReserveAsync(new ReserveRequest { AccountId = account, Feature = "teleport", IdempotencyKey = NewKey() }));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.NotFound));
        Assert.That(error.Metadata["feature"], Is.EqualTo("teleport"));
    }

    [Test]
    public async Task Bad_input_reaches_the_wrapper_as_an_invalid_request_naming_the_field()
    {
        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => Writer.GrantAsync(GrantRequest(NewAccount(), 0)));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Field, Is.EqualTo("amount"));
    }
}
