using Credits.Ledger.Data;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Payments;

/// <summary>
/// Issue 13, payments: a grant naming a payment reference is applied once per account for good;
/// the idempotency key's retention no longer bounds it.
/// </summary>
public sealed class PaymentGrantTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    [Test]
    public async Task A_grant_for_a_payment_reference_met_again_after_its_key_expired_grants_nothing_and_names_the_first_lot()
    {
        var command = Ledger.GrantCommand("user:1", 10, key: "purchase-1") with { PaymentReference = "stripe:purchase:cs_1" };
        var first = await Ledger.Ledger.GrantAsync(command);
        Ledger.Advance(Ledger.Options.IdempotencyKeyRetention + TimeSpan.FromSeconds(1));
        await Ledger.Sweeper.SweepOnceAsync();

        var again = await Ledger.Ledger.GrantAsync(command);
        var otherKey = await Ledger.Ledger.GrantAsync(command with { IdempotencyKey = "purchase-1-retry" });

        Assert.That((again.AlreadyApplied, again.LotId), Is.EqualTo((true, first.LotId)));
        Assert.That((otherKey.AlreadyApplied, otherKey.LotId), Is.EqualTo((true, first.LotId)), "whatever the key");
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(10));
    }

    [Test]
    public async Task The_same_payment_reference_on_another_account_or_a_grant_without_one_is_a_grant_of_its_own()
    {
        var command = Ledger.GrantCommand("user:1", 10, key: "purchase-2") with { PaymentReference = "stripe:purchase:cs_2" };
        await Ledger.Ledger.GrantAsync(command);

        var elsewhere = await Ledger.Ledger.GrantAsync(command with { AccountId = "user:2" });
        var plain = await Ledger.Ledger.GrantAsync(command with { IdempotencyKey = "plain", PaymentReference = null });

        Assert.That((elsewhere.AlreadyApplied, plain.AlreadyApplied), Is.EqualTo((false, false)));
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(20));
        Assert.That((await Ledger.Balance("user:2")).Available, Is.EqualTo(10));
    }
}
