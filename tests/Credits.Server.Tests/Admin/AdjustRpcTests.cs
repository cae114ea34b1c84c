using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Tests.Admin;

/// <summary>AdminService.Adjust through a real server and the generated client: admin scope only, never below zero.</summary>
public sealed class AdjustRpcTests(DatabaseProvider provider) : ServerFixture(provider)
{
    private AdminService.AdminServiceClient Admin => new(Server.Channel);

    [Test]
    public async Task An_admin_adds_and_removes_credits_with_a_reason_on_the_journal()
    {
        var account = NewAccount();
        await Grant(account, 10);

        var added = await Admin.AdjustAsync(new AdjustRequest { AccountId = account, Amount = 5, Reason = "goodwill", IdempotencyKey = "adj-1" },
            LedgerServer.Bearer(TestKeys.Admin));
        var removed = await Admin.AdjustAsync(new AdjustRequest { AccountId = account, Amount = -12, Reason = "ticket 9", IdempotencyKey = "adj-2" },
            LedgerServer.Bearer(TestKeys.Admin));
        var entries = new List<JournalEntry>();
        await foreach (var entry in Writer.StreamHistoryAsync(account, follow: false))
        {
            entries.Add(entry);
        }

        Assert.That((added.Adjusted, added.Balance.Available), Is.EqualTo((5L, 15L)));
        Assert.That(added.LotId, Is.Not.Empty);
        Assert.That((removed.Adjusted, removed.LotId, removed.Balance.Available), Is.EqualTo((-12L, "", 3L)));
        Assert.That(entries.Skip(1).Select(entry => (entry.Kind, entry.Amount, entry.Reference, entry.Actor)), Is.EqualTo(new[]
        {
            (EntryKind.Adjustment, 5L, "goodwill", TestKeys.AdminName),
            (EntryKind.Adjustment, -12L, "ticket 9", TestKeys.AdminName),
        }));
    }

    [Test]
    public async Task Removing_more_than_is_available_is_insufficient_credits_and_a_writer_key_is_denied()
    {
        var account = NewAccount();
        await Grant(account, 10);

        var tooMuch = await RpcFailure(() => Admin.AdjustAsync(
            new AdjustRequest { AccountId = account, Amount = -11, Reason = "typo", IdempotencyKey = "adj-1" }, LedgerServer.Bearer(TestKeys.Admin)).ResponseAsync);
        var denied = await RpcFailure(() => Admin.AdjustAsync(
            new AdjustRequest { AccountId = account, Amount = 1, Reason = "typo", IdempotencyKey = "adj-2" }, LedgerServer.Bearer(TestKeys.Writer)).ResponseAsync);
        var noReason = await RpcFailure(() => Admin.AdjustAsync(
            new AdjustRequest { AccountId = account, Amount = 1, IdempotencyKey = "adj-3" }, LedgerServer.Bearer(TestKeys.Admin)).ResponseAsync);

        Assert.That(tooMuch.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(ErrorInfoOf(tooMuch).Reason, Is.EqualTo("INSUFFICIENT_CREDITS"));
        Assert.That(denied.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
        Assert.That(noReason.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(BadRequestOf(noReason)!.FieldViolations.Single().Field, Is.EqualTo("reason"));
        Assert.That((await Writer.GetBalanceAsync(account)).Available, Is.EqualTo(10));
    }
}
