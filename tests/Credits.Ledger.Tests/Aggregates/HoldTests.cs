using Credits.Ledger.Holds;
using Credits.Ledger.Lots;

namespace Credits.Ledger.Tests.Aggregates;

/// <summary>A hold ends exactly once, and only through <see cref="Hold.End"/>.</summary>
public sealed class HoldTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch.AddDays(1);

    private static Hold Active() => new()
    {
        HoldId = "hold_1", AccountId = "user:1", Amount = 10, ExpiresAt = Now.AddMinutes(5), CreatedAt = Now,
        Parts = [new LotPart("lot_1", 10)], Feature = "", State = HoldState.Active,
    };

    [Test]
    public void A_commit_debits_part_and_releases_the_rest()
    {
        var hold = Active();

        hold.End(HoldState.Committed, committed: 4, Now);

        Assert.That((hold.State, hold.Committed, hold.Released, hold.EndedAt, hold.IsDirty), Is.EqualTo((HoldState.Committed, 4L, 6L, (DateTimeOffset?)Now, true)));
    }

    [Test]
    public void An_ended_hold_cannot_end_again()
    {
        var hold = Active();
        hold.End(HoldState.Released, committed: 0, Now);

        Assert.That(() => hold.End(HoldState.Committed, committed: 10, Now), Throws.InvalidOperationException);
        Assert.That((hold.State, hold.Released), Is.EqualTo((HoldState.Released, 10L)));
    }

    [Test]
    public void Only_a_commit_debits_and_never_more_than_is_held()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => Active().End(HoldState.Released, committed: 1, Now), Throws.InvalidOperationException);
            Assert.That(() => Active().End(HoldState.Committed, committed: 11, Now), Throws.InvalidOperationException);
            Assert.That(() => Active().End(HoldState.Active, committed: 0, Now), Throws.InvalidOperationException);
        });
    }
}
