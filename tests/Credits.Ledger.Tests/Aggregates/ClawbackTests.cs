using Credits.Ledger.Clawbacks;

namespace Credits.Ledger.Tests.Aggregates;

/// <summary>A claw-back's debt only shrinks by repayment or by its one reversal.</summary>
public sealed class ClawbackTests
{
    private static Clawback Owing(long owed) => new()
    {
        AccountId = "user:1", Reference = "re_1", Amount = 50, TakenParts = [], OwedInitial = owed, OwedOutstanding = owed,
        CreatedAt = DateTimeOffset.UnixEpoch,
    };

    [Test]
    public void Repaying_lowers_the_debt_and_counts_as_repaid()
    {
        var clawback = Owing(30);

        clawback.Repay(12);

        Assert.That((clawback.OwedOutstanding, clawback.Repaid, clawback.IsDirty), Is.EqualTo((18L, 12L, true)));
    }

    [Test]
    public void Repaying_more_than_is_owed_is_refused()
    {
        Assert.That(() => Owing(5).Repay(6), Throws.InvalidOperationException);
    }

    [Test]
    public void A_reversal_cancels_what_is_still_owed_once()
    {
        var clawback = Owing(30);
        clawback.Repay(10);

        Assert.That(clawback.Reverse(), Is.EqualTo(20));
        Assert.That((clawback.Reversed, clawback.OwedOutstanding, clawback.Repaid), Is.EqualTo((true, 0L, 30L)));
        Assert.That(() => clawback.Reverse(), Throws.InvalidOperationException);
        Assert.That(() => clawback.Repay(1), Throws.InvalidOperationException);
    }
}
