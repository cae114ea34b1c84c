using Credits.Ledger.Analytics;
using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using Credits.Ledger.Journal;
using Credits.Ledger.Lots;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Refunds;

/// <summary>
/// RefundCharge gives back at most what a hold committed less earlier refunds: to the lots the
/// commit drew from (last drawn, first refunded) while they live, else as one refund lot valid for
/// <c>Ledger:Refunds:LotValidity</c> (30 days here). Every test ends with the verifier, which also
/// replays usage (spent = committed less refunds).
/// </summary>
public sealed class RefundChargeTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private static readonly TimeSpan Validity = TimeSpan.FromDays(30);

    protected override LedgerOptions CreateOptions() => new() { Refunds = { LotValidity = Validity } };

    private Task<RefundChargeResult> Refund(string holdId, long? amount = null, string reason = "operation failed", string? key = null) =>
        Ledger.Ledger.RefundChargeAsync(new RefundChargeCommand("support", holdId, amount, reason, key ?? Ledger.NewKey()));

    private async Task<string> ChargeAsync(string account, long reserve, long? commit = null)
    {
        var hold = await Ledger.Reserve(account, reserve);
        await Ledger.Commit(hold.HoldId, commit);
        return hold.HoldId;
    }

    [Test]
    public async Task A_refund_goes_back_to_the_lots_the_commit_drew_from_last_drawn_first()
    {
        var free = await Ledger.Grant("user:1", 6, Bucket.Free);              // priority 100: drawn first
        var purchased = await Ledger.Grant("user:1", 20, Bucket.Purchased);   // priority 600: drawn second
        var hold = await ChargeAsync("user:1", 10);                           // 6 of free, 4 of purchased

        var first = await Refund(hold, 5, "partial: poor result");
        var entry = (await Ledger.History("user:1")).Last();

        Assert.That(first.Refunded, Is.EqualTo(5));
        Assert.That((entry.Kind, entry.Amount, entry.HoldId, entry.Reference, entry.Actor),
            Is.EqualTo((EntryKind.Refund, 5L, hold, "partial: poor result", "support")));
        Assert.That(entry.Parts, Is.EqualTo(new[] { new LotPart(purchased.LotId, 4), new LotPart(free.LotId, 1) }));
        Assert.That(first.Balance.Buckets.Select(bucket => (bucket.Bucket, bucket.Available)),
            Is.EquivalentTo(new[] { (Bucket.Free, 1L), (Bucket.Purchased, 20L) }), "no refund lot: both lots still live");
    }

    [Test]
    public async Task A_partial_then_a_full_refund_gives_back_exactly_what_was_committed_and_then_nothing_is_left()
    {
        await Ledger.Grant("user:1", 50);
        var hold = await ChargeAsync("user:1", 20, commit: 12);

        var partial = await Refund(hold, 5);
        var rest = await Refund(hold);
        var none = await Fails(() => Refund(hold));
        var beyond = await Fails(() => Refund(hold, 1));

        Assert.That((partial.Refunded, rest.Refunded), Is.EqualTo((5L, 7L)));
        Assert.That(rest.Balance.Available, Is.EqualTo(50));
        Assert.That(none.Kind, Is.EqualTo(LedgerErrorKind.RefundExceedsCommitted));
        Assert.That((none.Metadata["committed"], none.Metadata["refunded"], none.Metadata["requested"]), Is.EqualTo(("12", "12", "0")));
        Assert.That(beyond.Metadata["requested"], Is.EqualTo("1"));
    }

    [Test]
    public async Task A_refund_larger_than_what_is_left_is_refused_and_changes_nothing()
    {
        await Ledger.Grant("user:1", 50);
        var hold = await ChargeAsync("user:1", 10);
        await Refund(hold, 4);
        var before = await Ledger.History("user:1");

        var error = await Fails(() => Refund(hold, 7));

        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.RefundExceedsCommitted));
        Assert.That((error.Metadata["holdId"], error.Metadata["committed"], error.Metadata["refunded"], error.Metadata["requested"]),
            Is.EqualTo((hold, "10", "4", "7")));
        Assert.That((await Ledger.History("user:1")).Count, Is.EqualTo(before.Count));
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(44));
    }

    [Test]
    public async Task Credits_of_an_expired_source_lot_come_back_as_a_refund_lot_with_the_configured_validity()
    {
        var expiring = await Ledger.Grant("user:1", 10, Bucket.Promo, expiresIn: TimeSpan.FromDays(1));
        var hold = await ChargeAsync("user:1", 4);
        Ledger.Advance(TimeSpan.FromDays(2));
        var refundedAt = Ledger.Time.GetUtcNow();

        var result = await Refund(hold);
        var entry = (await Ledger.History("user:1")).Last();

        Assert.That(result.Balance.Buckets.Single().Bucket, Is.EqualTo(Bucket.Refund));
        Assert.That(result.Balance.Available, Is.EqualTo(4));
        Assert.That(result.Balance.NextExpiry!.ExpiresAt, Is.EqualTo(refundedAt + Validity));
        Assert.That(entry.Parts.Single().LotId, Is.Not.EqualTo(expiring.LotId));
        Assert.That((entry.Kind, entry.Amount, entry.LotId, entry.Bucket), Is.EqualTo((EntryKind.Refund, 4L, entry.Parts.Single().LotId, (Bucket?)Bucket.Refund)));
    }

    [Test]
    public async Task A_retry_returns_the_first_answer_and_a_different_request_under_the_key_is_refused()
    {
        await Ledger.Grant("user:1", 50);
        var hold = await ChargeAsync("user:1", 10);

        var first = await Refund(hold, 3, key: "refund-1");
        var retry = await Refund(hold, 3, key: "refund-1");
        var other = await Fails(() => Refund(hold, 4, key: "refund-1"));

        Assert.That((retry.Refunded, retry.Balance.Available, retry.Balance.LastSequence),
            Is.EqualTo((first.Refunded, first.Balance.Available, first.Balance.LastSequence)), "the first answer, as it was");
        Assert.That(other.Kind, Is.EqualTo(LedgerErrorKind.IdempotencyKeyReused));
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(43), "the retry refunded nothing more");
    }

    [Test]
    public async Task Twenty_concurrent_refunds_of_one_hold_never_exceed_what_it_committed()
    {
        await Ledger.Grant("user:1", 100);
        var hold = await ChargeAsync("user:1", 30, commit: 25);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            try
            {
                return (await Refund(hold, 3)).Refunded;
            }
            catch (LedgerException error) when (error.Kind == LedgerErrorKind.RefundExceedsCommitted)
            {
                return 0;
            }
        })));

        Assert.That(outcomes.Sum(), Is.EqualTo(24), "eight refunds of 3 fit in 25; the ninth would exceed it");
        Assert.That(outcomes.Count(refunded => refunded > 0), Is.EqualTo(8));
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(99));
    }

    [Test]
    public async Task Refunds_lower_the_usage_of_the_commits_day_and_feature_not_its_operations()
    {
        await Ledger.Grant("user:1", 100);
        var reserve = new ReserveCommand(LedgerHarness.Caller, "user:1", null, "image.generate", 2, null, Ledger.NewKey(), LedgerHarness.NoMetadata);
        var hold = await Ledger.Ledger.ReserveAsync(reserve);
        await Ledger.Commit(hold.HoldId);
        var day = Ledger.Time.GetUtcNow();
        Ledger.Advance(TimeSpan.FromDays(3));

        await Refund(hold.HoldId, 4);

        var report = await new UsageReports(Ledger.Usage).GetUsageAsync(
            new UsageQuery("user:1", day, day.AddDays(5), UsageGranularity.Day, false, false));
        Assert.That(report.Totals, Is.EqualTo(new UsageTotals(6, 1)), "10 committed less 4 refunded, still one operation");
    }

    [Test]
    public async Task Unknown_and_uncommitted_holds_are_refused_and_change_nothing()
    {
        await Ledger.Grant("user:1", 50);
        var active = await Ledger.Reserve("user:1", 5);
        var released = await Ledger.Reserve("user:1", 5);
        await Ledger.Release(released.HoldId);

        var unknown = await Fails(() => Refund("hold_unknown"));
        var notCommitted = await Fails(() => Refund(active.HoldId));
        var wasReleased = await Fails(() => Refund(released.HoldId, 1));

        Assert.That(unknown.Kind, Is.EqualTo(LedgerErrorKind.HoldNotFound));
        Assert.That((notCommitted.Kind, notCommitted.Metadata["state"]), Is.EqualTo((LedgerErrorKind.HoldNotCommitted, "active")));
        Assert.That((wasReleased.Kind, wasReleased.Metadata["state"]), Is.EqualTo((LedgerErrorKind.HoldNotCommitted, "released")));
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(45));
    }

    [TestCase("bad id!", 1, "operation failed", "k", "hold_id")]
    [TestCase("hold_x", 0, "operation failed", "k", "amount")]
    [TestCase("hold_x", 1, "", "k", "reason")]
    [TestCase("hold_x", 1, "operation failed", "", "idempotency_key")]
    public async Task Bad_input_names_its_field_and_changes_nothing(string holdId, long amount, string reason, string key, string field)
    {
        await Ledger.Grant("user:1", 10);

        var error = await Fails(() => Refund(holdId, amount, reason, key));

        Assert.That((error.Kind, error.Metadata["field"]), Is.EqualTo((LedgerErrorKind.InvalidRequest, field)));
        Assert.That((await Ledger.History("user:1")).Count, Is.EqualTo(1));
    }
}
