using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using Credits.Ledger.Pools;
using Credits.Ledger.Tests.Support;
using Credits.Testing;

namespace Credits.Ledger.Tests.Pools;

public sealed class PoolMemberTests(DatabaseProvider provider) : PoolSpec(provider)
{
    private Task<PoolMemberResult> Remove(string member, string? key = null) =>
        Ledger.Ledger.RemovePoolMemberAsync(new RemovePoolMemberCommand(LedgerHarness.Caller, Pool, member, key ?? Ledger.NewKey()));

    private Task<PoolMemberResult> Update(string member, long? limit, PoolPeriod period = PoolPeriod.Month, PoolRole role = PoolRole.Member) =>
        Ledger.Ledger.UpdatePoolMemberAsync(new UpdatePoolMemberCommand(LedgerHarness.Caller, Pool, member, limit, period, role, Ledger.NewKey()));

    [Test]
    public async Task A_member_removed_mid_hold_can_still_commit_it_counting_in_its_usage_but_reserves_no_more()
    {
        await Ledger.Grant(Pool, 1_000);
        await AddMember("user:ann", limit: 100);
        var committed = await ReserveFor("user:ann", 40);
        var released = await ReserveFor("user:ann", 30);

        var removed = await Remove("user:ann");
        await Ledger.Commit(committed.HoldId, 35);
        await Ledger.Release(released.HoldId);

        Assert.That(removed.Member.RemovedAt, Is.EqualTo(LedgerHarness.Start));
        Assert.That((await Fails(() => ReserveFor("user:ann", 1))).Kind, Is.EqualTo(LedgerErrorKind.NotAPoolMember));
        Assert.That(await Used("user:ann"), Is.EqualTo(35), "the committed part of the removed member's hold counts");
        Assert.That((await Ledger.Balance(Pool)).Available, Is.EqualTo(965));
        Assert.That((await Ledger.Ledger.ListPoolMembersAsync(Pool, 0, "")).Members, Is.Empty, "a removed member is listed only on request");
    }

    [Test]
    public async Task A_removed_member_added_again_keeps_its_usage_this_period()
    {
        await Ledger.Grant(Pool, 1_000);
        await AddMember("user:ann", limit: 100);
        await Ledger.Commit((await ReserveFor("user:ann", 60)).HoldId);
        await Remove("user:ann");

        var back = await AddMember("user:ann", limit: 80, role: PoolRole.Admin);

        Assert.That((back.Member.Limit, back.Member.Role, back.Member.RemovedAt, back.Member.Used), Is.EqualTo(((long?)80, PoolRole.Admin, (DateTimeOffset?)null, 60L)));
        Assert.That((await Fails(() => ReserveFor("user:ann", 21))).Kind, Is.EqualTo(LedgerErrorKind.MemberLimitExceeded));
    }

    [Test]
    public async Task An_update_changes_the_limit_for_the_next_reserves_and_takes_nothing_back()
    {
        await Ledger.Grant(Pool, 1_000);
        await AddMember("user:ann", limit: 100);
        await ReserveFor("user:ann", 50);

        var lowered = await Update("user:ann", limit: 40);

        Assert.That((lowered.Member.Limit, lowered.Member.Used), Is.EqualTo(((long?)40, 50L)));
        Assert.That((await Fails(() => ReserveFor("user:ann", 1))).Kind, Is.EqualTo(LedgerErrorKind.MemberLimitExceeded));
        Assert.That((await Ledger.Balance(Pool)).Held, Is.EqualTo(50));
    }

    [Test]
    public async Task Adding_an_active_member_again_and_changing_a_non_member_are_refused_and_change_nothing()
    {
        await AddMember("user:ann", limit: 100);

        var again = await Fails(() => AddMember("user:ann", limit: 5));
        var update = await Fails(() => Update("user:bob", limit: 5));
        var remove = await Fails(() => Remove("user:bob"));

        Assert.That(again.Kind, Is.EqualTo(LedgerErrorKind.PoolMemberExists));
        Assert.That((update.Kind, remove.Kind), Is.EqualTo((LedgerErrorKind.NotAPoolMember, LedgerErrorKind.NotAPoolMember)));
        var members = (await Ledger.Ledger.ListPoolMembersAsync(Pool, 0, "")).Members;
        Assert.That(members.Select(member => (member.MemberAccountId, member.Limit)), Is.EqualTo(new[] { ("user:ann", (long?)100) }));
    }

    [Test]
    public async Task A_retried_add_answers_as_the_first()
    {
        var first = await AddMember("user:ann", limit: 100, key: "add-1");
        var retry = await AddMember("user:ann", limit: 100, key: "add-1");
        var other = await Fails(() => AddMember("user:ann", limit: 99, key: "add-1"));

        Assert.That(retry, Is.EqualTo(first));
        Assert.That(other.Kind, Is.EqualTo(LedgerErrorKind.IdempotencyKeyReused));
    }

    [Test]
    public async Task Members_are_listed_in_pages_by_member_id_with_their_usage_this_period()
    {
        await Ledger.Grant(Pool, 1_000);
        await AddMember("user:carol", limit: 100, PoolPeriod.Day);
        await AddMember("user:ann", limit: 100, PoolPeriod.Day);
        await AddMember("user:bob", limit: 100, PoolPeriod.Day);
        await ReserveFor("user:bob", 7);

        var first = await Ledger.Ledger.ListPoolMembersAsync(Pool, 2, "");
        var second = await Ledger.Ledger.ListPoolMembersAsync(Pool, 2, first.NextPageToken);

        Assert.That(first.Members.Select(member => (member.MemberAccountId, member.Used)), Is.EqualTo(new[] { ("user:ann", 0L), ("user:bob", 7L) }));
        Assert.That(second.Members.Select(member => member.MemberAccountId), Is.EqualTo(new List<string> { "user:carol" }));
        Assert.That(second.NextPageToken, Is.Empty);
        Assert.That((await Fails(() => Ledger.Ledger.ListPoolMembersAsync(Pool, 2, "not-a-token"))).Metadata["field"], Is.EqualTo("page_token"));
    }

    [Test]
    public async Task The_verifier_names_a_member_whose_usage_row_differs_from_its_holds()
    {
        await Ledger.Grant(Pool, 1_000);
        await AddMember("user:ann", limit: 100);
        await Ledger.Commit((await ReserveFor("user:ann", 30)).HoldId, 20);
        await ReserveFor("user:ann", 10);
        Assert.That(await Ledger.Verifier.VerifyAsync(), Is.Empty);
        await TestSql.ExecuteAsync(Ledger.Database, "UPDATE pool_usage SET committed = committed - 5");

        var violations = await Ledger.Verifier.VerifyAsync();

        Assert.That(violations, Is.EqualTo(new List<string>
        {
            "org:acme: usage of user:ann in the period from 2026-01-01T00:00:00.0000000+00:00 is 10 held and 15 committed, "
            + "but its holds make 10 held and 20 committed",
        }));
        await TestSql.ExecuteAsync(Ledger.Database, "UPDATE pool_usage SET committed = committed + 5");
    }

    [TestCase("user:acme", "user:ann", 10L, PoolPeriod.Day, ExpectedResult = "pool_account_id")]
    [TestCase("org:acme", "org:other", 10L, PoolPeriod.Day, ExpectedResult = "member_account_id")]
    [TestCase("org:acme", "user:ann", -1L, PoolPeriod.Day, ExpectedResult = "limit")]
    [TestCase("org:acme", "user:ann", 10L, (PoolPeriod)9, ExpectedResult = "period")]
    public async Task<string> A_malformed_member_names_its_field_and_adds_nothing(string pool, string member, long limit, PoolPeriod period)
    {
        var error = await Fails(() => Ledger.Ledger.AddPoolMemberAsync(
            new AddPoolMemberCommand(LedgerHarness.Caller, pool, member, limit, period, PoolRole.Member, Ledger.NewKey())));
        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.InvalidRequest));
        return error.Metadata["field"];
    }
}
