using Credits.Ledger.Data;
using Credits.Stripe.Tests.Support;
using Credits.V1;

namespace Credits.Stripe.Tests.Disputes;

/// <summary>
/// A dispute freezes what is left of the purchase; won releases it; lost takes back the disputed
/// share (the frozen credits first, then other credits, the rest owed), in one transaction.
/// </summary>
public sealed class DisputeTests(DatabaseProvider provider) : StripeFixture(provider)
{
    [Test]
    public async Task An_opened_dispute_freezes_what_is_left_of_the_purchase()
    {
        var account = NewAccount();
        var payment = Payment.New();
        await Paid(account, payment);
        await Spend(account, 30);

        await Disputed(payment, StripeObjects.NewId("dp_"), TestPacks.StarterAmount, "needs_response", "charge.dispute.created");

        var balance = await Balance(account);
        Assert.That((balance.Available, balance.Frozen), Is.EqualTo((0L, 70L)));
        Assert.That((await History(account)).Last().Kind, Is.EqualTo(EntryKind.Freeze));
    }

    [Test]
    public async Task A_won_dispute_releases_the_frozen_credits()
    {
        var account = NewAccount();
        var payment = Payment.New();
        var disputeId = StripeObjects.NewId("dp_");
        await Paid(account, payment);
        await Disputed(payment, disputeId, TestPacks.StarterAmount, "needs_response", "charge.dispute.created");

        await Disputed(payment, disputeId, TestPacks.StarterAmount, "won", "charge.dispute.closed");

        var balance = await Balance(account);
        Assert.That((balance.Available, balance.Frozen), Is.EqualTo((TestPacks.StarterCredits, 0L)));
    }

    [Test]
    public async Task A_lost_dispute_takes_back_the_disputed_credits_frozen_ones_first()
    {
        var account = NewAccount();
        var payment = Payment.New();
        var disputeId = StripeObjects.NewId("dp_");
        await Paid(account, payment, TestPacks.Pro, TestPacks.ProAmount);
        await Disputed(payment, disputeId, TestPacks.ProAmount, "needs_response", "charge.dispute.created");
        Assert.That((await Balance(account)).Frozen, Is.EqualTo(TestPacks.ProCredits + TestPacks.ProBonus), "the bonus is frozen too");

        await Disputed(payment, disputeId, TestPacks.ProAmount, "lost", "charge.dispute.closed");

        var balance = await Balance(account);
        Assert.That((balance.Available, balance.Frozen, balance.Owed), Is.EqualTo((0L, 0L, 0L)));
        var tail = (await History(account)).TakeLast(4).Select(entry => entry.Kind);
        Assert.That(tail, Is.EqualTo(new[] { EntryKind.Unfreeze, EntryKind.Unfreeze, EntryKind.Clawback, EntryKind.Clawback }));
    }

    [Test]
    public async Task A_lost_dispute_of_a_purchase_partly_spent_leaves_the_spent_share_owed()
    {
        var account = NewAccount();
        var payment = Payment.New();
        var disputeId = StripeObjects.NewId("dp_");
        await Paid(account, payment);
        await Spend(account, 60);
        await Disputed(payment, disputeId, TestPacks.StarterAmount, "needs_response", "charge.dispute.created");

        await Disputed(payment, disputeId, TestPacks.StarterAmount, "lost", "charge.dispute.closed");

        var balance = await Balance(account);
        Assert.That((balance.Available, balance.Frozen, balance.Owed), Is.EqualTo((0L, 0L, 60L)));
    }

    [Test]
    public async Task Updates_while_the_dispute_is_open_change_nothing_more()
    {
        var account = NewAccount();
        var payment = Payment.New();
        var disputeId = StripeObjects.NewId("dp_");
        await Paid(account, payment);
        await Disputed(payment, disputeId, TestPacks.StarterAmount, "needs_response", "charge.dispute.created");

        var updated = await Disputed(payment, disputeId, TestPacks.StarterAmount, "under_review", "charge.dispute.updated");

        Assert.That(updated, Is.EqualTo("unchanged"));
        Assert.That((await Balance(account)).Frozen, Is.EqualTo(TestPacks.StarterCredits));
    }
}
