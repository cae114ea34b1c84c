using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using Credits.Ledger.Journal;
using Credits.Ledger.Lots;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Adjustments;

public sealed class AdjustTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private Task<AdjustResult> Adjust(string account, long amount, string reason = "ticket 7", string? key = null) =>
        Ledger.Ledger.AdjustAsync(new AdjustCommand("operator", account, amount, reason, key ?? Ledger.NewKey()));

    [Test]
    public async Task A_positive_adjustment_adds_a_never_expiring_adjustment_lot_with_the_reason_recorded()
    {
        var result = await Adjust("user:1", 25, "goodwill, ticket 7");

        var entry = (await Ledger.History("user:1")).Single();
        Assert.That(result.Balance.Available, Is.EqualTo(25));
        Assert.That(result.Balance.Buckets.Single().Bucket, Is.EqualTo(Bucket.Adjustment));
        Assert.That(result.Balance.NextExpiry, Is.Null);
        Assert.That((entry.Kind, entry.Amount, entry.Reference, entry.LotId, entry.Actor),
            Is.EqualTo((EntryKind.Adjustment, 25L, "goodwill, ticket 7", result.LotId, "operator")));
    }

    [Test]
    public async Task A_negative_adjustment_takes_available_credits_in_burn_down_order()
    {
        var free = await Ledger.Grant("user:1", 5, Bucket.Free);              // priority 100: burns first
        var purchased = await Ledger.Grant("user:1", 10, Bucket.Purchased);   // priority 600
        await Ledger.Reserve("user:1", 3);                                    // pins 3 of the free lot

        var result = await Adjust("user:1", -8);

        var entry = (await Ledger.History("user:1")).Last();
        Assert.That((entry.Kind, entry.Amount), Is.EqualTo((EntryKind.Adjustment, -8L)));
        Assert.That(entry.Parts, Is.EqualTo(new[] { new LotPart(free.LotId, 2), new LotPart(purchased.LotId, 6) }));
        Assert.That((result.Balance.Available, result.Balance.Held), Is.EqualTo((4L, 3L)), "held credits are not touched");
    }

    [Test]
    public async Task A_negative_adjustment_never_takes_an_account_below_zero()
    {
        await Ledger.Grant("user:1", 10);
        await Ledger.Reserve("user:1", 4);

        var error = await Fails(() => Adjust("user:1", -7));
        var unknown = await Fails(() => Adjust("user:nobody", -1));

        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.InsufficientCredits));
        Assert.That((error.Metadata["available"], error.Metadata["requested"]), Is.EqualTo(("6", "7")));
        Assert.That(unknown.Kind, Is.EqualTo(LedgerErrorKind.InsufficientCredits));
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(6));
        Assert.That(await Ledger.History("user:nobody"), Is.Empty, "a refused removal creates no account");
    }

    [Test]
    public async Task A_retry_returns_the_first_answer_and_a_different_request_under_the_key_is_refused()
    {
        var first = await Adjust("user:1", 10, key: "adj-1");
        var retry = await Adjust("user:1", 10, key: "adj-1");
        var other = await Fails(() => Adjust("user:1", 11, key: "adj-1"));

        Assert.That(retry.LotId, Is.EqualTo(first.LotId));
        Assert.That(other.Kind, Is.EqualTo(LedgerErrorKind.IdempotencyKeyReused));
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(10));
    }

    [TestCase(0, "ticket", "amount")]
    [TestCase(1_000_000_000_001, "ticket", "amount")]
    [TestCase(-1_000_000_000_001, "ticket", "amount")]
    [TestCase(5, "", "reason")]
    [TestCase(5, "bad\u0007bell", "reason")]
    public async Task Bad_input_names_its_field_and_changes_nothing(long amount, string reason, string field)
    {
        await Ledger.Grant("user:1", 10);

        var error = await Fails(() => Adjust("user:1", amount, reason));

        Assert.That((error.Kind, error.Metadata["field"]), Is.EqualTo((LedgerErrorKind.InvalidRequest, field)));
        Assert.That((await Ledger.History("user:1")).Count, Is.EqualTo(1));
    }

    [Test]
    public async Task A_reason_longer_than_256_characters_is_refused()
    {
        var error = await Fails(() => Adjust("user:1", 5, new string('r', 257)));

        Assert.That(error.Metadata["field"], Is.EqualTo("reason"));
    }
}
