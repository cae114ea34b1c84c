using Credits.Client.Errors;
using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Tests.Idempotency;

/// <summary>Retries over gRPC with the same idempotency key apply once and return the first response.</summary>
public sealed class IdempotentRetryTests(DatabaseProvider provider) : ServerFixture(provider)
{
    private static readonly string[] BothWriters = [TestKeys.WriterName, TestKeys.OtherWriterName];

    [Test]
    public async Task The_same_grant_sent_twice_returns_the_same_lot_and_grants_once()
    {
        var account = NewAccount();
        var request = GrantRequest(account, 25);

        var first = await Writer.GrantAsync(request);
        var second = await Writer.GrantAsync(request);

        Assert.That(second.LotId, Is.EqualTo(first.LotId));
        Assert.That(second.Balance, Is.EqualTo(first.Balance));
        Assert.That((await Writer.GetBalanceAsync(account)).Available, Is.EqualTo(25));
        Assert.That(await History(account), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Ten_identical_grants_sent_concurrently_grant_once()
    {
        var account = NewAccount();
        var request = GrantRequest(account, 25);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => Writer.GrantAsync(request))));

        Assert.That(responses.Select(r => r.LotId).Distinct().Count(), Is.EqualTo(1), "every caller gets the same lot");
        Assert.That((await Writer.GetBalanceAsync(account)).Available, Is.EqualTo(25));
        Assert.That(await History(account), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task The_same_reserve_sent_twice_returns_the_same_hold_and_holds_once()
    {
        var account = NewAccount();
        await Grant(account, 20);
        var request = ReserveRequest(account, 8);

        var first = await Writer.ReserveAsync(request);
        var second = await Writer.ReserveAsync(request);

        Assert.That(second.HoldId, Is.EqualTo(first.HoldId));
        var balance = await Writer.GetBalanceAsync(account);
        Assert.That(balance.Available, Is.EqualTo(12));
        Assert.That(balance.Held, Is.EqualTo(8));
    }

    [Test]
    public async Task A_repeated_commit_with_the_same_amount_returns_the_first_outcome_and_debits_once()
    {
        var account = NewAccount();
        await Grant(account, 20);
        var hold = await Reserve(account, 8);
        var commit = new CommitRequest { HoldId = hold.HoldId, Amount = 5 };

        var first = await Writer.CommitAsync(commit);
        var second = await Writer.CommitAsync(commit);

        Assert.That(second.Committed, Is.EqualTo(first.Committed));
        Assert.That(second.Released, Is.EqualTo(first.Released));
        Assert.That((await Writer.GetBalanceAsync(account)).Available, Is.EqualTo(15));
        Assert.That(await History(account), Has.Count.EqualTo(3));
    }

    [Test]
    public async Task Idempotency_keys_are_scoped_by_caller_so_two_services_using_one_key_both_grant()
    {
        var account = NewAccount();
        var key = NewKey();
        using var other = Server.Client(TestKeys.OtherWriter);

        var mine = await Writer.GrantAsync(GrantRequest(account, 10, key: key));
        var theirs = await other.GrantAsync(GrantRequest(account, 10, key: key));

        Assert.That(theirs.LotId, Is.Not.EqualTo(mine.LotId));
        Assert.That((await Writer.GetBalanceAsync(account)).Available, Is.EqualTo(20));
        Assert.That((await History(account)).Select(e => e.Actor), Is.EqualTo(BothWriters));
    }

    [Test]
    public async Task A_retry_whose_metadata_map_arrives_in_another_order_is_the_same_request()
    {
        var account = NewAccount();
        var key = NewKey();
        var first = GrantRequest(account, 10, key: key);
        first.Metadata.Add("order", "42");
        first.Metadata.Add("user", "ada");
        var retry = GrantRequest(account, 10, key: key);
        retry.Metadata.Add("user", "ada");
        retry.Metadata.Add("order", "42");

        var original = await Writer.GrantAsync(first);
        var repeated = await Writer.GrantAsync(retry);

        Assert.That(repeated.LotId, Is.EqualTo(original.LotId));
        Assert.That(await History(account), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_key_reused_with_different_metadata_fails_with_already_exists()
    {
        var account = NewAccount();
        var key = NewKey();
        var first = GrantRequest(account, 10, key: key);
        first.Metadata.Add("order", "42");
        var other = GrantRequest(account, 10, key: key);
        other.Metadata.Add("order", "43");
        await Writer.GrantAsync(first);

        var error = await Assert.ThrowsAsync<IdempotencyKeyReusedException>(() => Writer.GrantAsync(other));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.AlreadyExists));
        Assert.That(await History(account), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task The_same_claim_sent_twice_moves_the_leads_credits_once()
    {
        var lead = NewAccount("lead");
        var user = NewAccount("user");
        var claim = new ClaimLeadRequest { LeadAccountId = lead, UserAccountId = user, IdempotencyKey = NewKey() };

        var first = await Writer.ClaimLeadAsync(claim);
        var second = await Writer.ClaimLeadAsync(claim);

        Assert.That(second.Moved, Is.EqualTo(first.Moved));
        Assert.That((await Writer.GetBalanceAsync(user)).Available, Is.EqualTo(LedgerServer.LeadAllowance));
        Assert.That(await History(user), Has.Count.EqualTo(1));
    }
}
