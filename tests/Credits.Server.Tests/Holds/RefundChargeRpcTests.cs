using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Tests.Holds;

/// <summary>RefundCharge over gRPC through a real server and the generated client: what comes back, and each error's status and reason.</summary>
public sealed class RefundChargeRpcTests(DatabaseProvider provider) : ServerFixture(provider)
{
    private async Task<string> ChargeAsync(string account, long amount)
    {
        var hold = await Reserve(account, amount);
        await Writer.CommitAsync(new CommitRequest { HoldId = hold.HoldId });
        return hold.HoldId;
    }

    [Test]
    public async Task A_partial_then_a_full_refund_gives_the_commit_back_and_the_journal_names_the_hold_and_reason()
    {
        var account = NewAccount();
        await Grant(account, 50);
        var hold = await ChargeAsync(account, 20);

        var partial = await Writer.RefundChargeAsync(new RefundChargeRequest { HoldId = hold, Amount = 5, Reason = "poor result", IdempotencyKey = "r-1" });
        var retry = await Writer.RefundChargeAsync(new RefundChargeRequest { HoldId = hold, Amount = 5, Reason = "poor result", IdempotencyKey = "r-1" });
        var rest = await Writer.RefundChargeAsync(new RefundChargeRequest { HoldId = hold, Reason = "operation failed", IdempotencyKey = "r-2" });

        Assert.That((partial.Refunded, partial.Balance.Available), Is.EqualTo((5L, 35L)));
        Assert.That(retry, Is.EqualTo(partial), "a retry returns the first answer");
        Assert.That((rest.Refunded, rest.Balance.Available), Is.EqualTo((15L, 50L)));
    }

    [Test]
    public async Task Refunding_more_than_is_left_is_failed_precondition_with_the_figures()
    {
        var account = NewAccount();
        await Grant(account, 50);
        var hold = await ChargeAsync(account, 10);
        await Writer.RefundChargeAsync(new RefundChargeRequest { HoldId = hold, Amount = 4, Reason = "partial", IdempotencyKey = "r-1" });

        var error = await RpcFailure(() => Raw.RefundChargeAsync(
            new RefundChargeRequest { HoldId = hold, Amount = 7, Reason = "again", IdempotencyKey = "r-2" }, LedgerServer.Bearer(TestKeys.Writer)).ResponseAsync);

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
        var info = ErrorInfoOf(error);
        Assert.That(info.Reason, Is.EqualTo("REFUND_EXCEEDS_COMMITTED"));
        Assert.That((info.Metadata["holdId"], info.Metadata["committed"], info.Metadata["refunded"], info.Metadata["requested"]),
            Is.EqualTo((hold, "10", "4", "7")));
    }

    [Test]
    public async Task An_uncommitted_hold_is_hold_not_committed_an_unknown_one_not_found_and_a_missing_reason_invalid()
    {
        var account = NewAccount();
        await Grant(account, 50);
        var active = await Reserve(account, 10);

        var notCommitted = await RpcFailure(() => Raw.RefundChargeAsync(
            new RefundChargeRequest { HoldId = active.HoldId, Reason = "x", IdempotencyKey = "r-1" }, LedgerServer.Bearer(TestKeys.Writer)).ResponseAsync);
        var unknown = await RpcFailure(() => Raw.RefundChargeAsync(
            new RefundChargeRequest { HoldId = "hold_unknown", Reason = "x", IdempotencyKey = "r-2" }, LedgerServer.Bearer(TestKeys.Writer)).ResponseAsync);
        var noReason = await RpcFailure(() => Raw.RefundChargeAsync(
            new RefundChargeRequest { HoldId = active.HoldId, IdempotencyKey = "r-3" }, LedgerServer.Bearer(TestKeys.Writer)).ResponseAsync);

        Assert.That((notCommitted.StatusCode, ErrorInfoOf(notCommitted).Reason, ErrorInfoOf(notCommitted).Metadata["state"]),
            Is.EqualTo((StatusCode.FailedPrecondition, "HOLD_NOT_COMMITTED", "active")));
        Assert.That((unknown.StatusCode, ErrorInfoOf(unknown).Reason), Is.EqualTo((StatusCode.NotFound, "HOLD_NOT_FOUND")));
        Assert.That((noReason.StatusCode, ErrorInfoOf(noReason).Reason), Is.EqualTo((StatusCode.InvalidArgument, "INVALID_REQUEST")));
    }
}
