using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using Credits.Ledger.Journal;
using Credits.Ledger.Lots;
using Credits.Ledger.Tests.Support;
using LinqToDB;
using LinqToDB.Async;

namespace Credits.Ledger.Tests.Transfers;

public sealed class TransferTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private Task<TransferResult> Transfer(string from, string to, long amount, string? key = null, string note = "") =>
        Ledger.Ledger.TransferAsync(new TransferCommand(LedgerHarness.Caller, from, to, amount, key ?? Ledger.NewKey(), note));

    [Test]
    public async Task A_transfer_moves_credits_into_a_gift_lot_and_each_side_journals_the_other()
    {
        await Ledger.Grant("user:alice", 100);

        var result = await Transfer("user:alice", "user:bob", 30, key: "t-1", note: "for your birthday");

        Assert.That(result.Moved, Is.EqualTo(30));
        Assert.That((result.FromBalance.AccountId, result.FromBalance.Available), Is.EqualTo(("user:alice", 70L)));
        Assert.That((result.ToBalance.AccountId, result.ToBalance.Available), Is.EqualTo(("user:bob", 30L)));
        Assert.That(result.ToBalance.Buckets.Select(b => (b.Bucket, b.Available)), Is.EqualTo(new[] { (Bucket.Gift, 30L) }));
        var sent = (await Ledger.History("user:alice")).Last();
        var received = (await Ledger.History("user:bob")).Single();
        Assert.That((sent.Kind, sent.Amount, sent.Reference, sent.IdempotencyKey, sent.Metadata["note"]),
            Is.EqualTo((EntryKind.TransferOut, -30L, "user:bob", "t-1", "for your birthday")));
        Assert.That((received.Kind, received.Amount, received.Reference, received.Bucket, received.Metadata["note"]),
            Is.EqualTo((EntryKind.TransferIn, 30L, "user:alice", (Bucket?)Bucket.Gift, "for your birthday")));
        Assert.That(sent.Parts.Sum(part => part.Amount), Is.EqualTo(30));
    }

    [Test]
    public async Task Each_source_lot_arrives_as_its_own_gift_lot_that_expires_when_the_source_would_have()
    {
        await Ledger.Grant("user:alice", 10, Bucket.Promo, expiresIn: TimeSpan.FromDays(2));
        await Ledger.Grant("user:alice", 10, Bucket.Purchased, expiresIn: TimeSpan.FromDays(5));
        await Ledger.Grant("user:alice", 10, Bucket.Purchased);

        await Transfer("user:alice", "user:bob", 25);

        await using (var db = Ledger.Database.Open())
        {
            var gifts = await db.Lots.Where(lot => lot.AccountId == "user:bob").OrderBy(lot => lot.ExpiresAtMs ?? long.MaxValue).ToListAsync();
            Assert.That(gifts.Select(lot => ((Bucket)lot.Bucket, lot.Amount, lot.ExpiresAtMs)), Is.EqualTo(new[]
            {
                (Bucket.Gift, 10L, (long?)(LedgerHarness.Start + TimeSpan.FromDays(2)).ToUnixTimeMilliseconds()),
                (Bucket.Gift, 10L, (long?)(LedgerHarness.Start + TimeSpan.FromDays(5)).ToUnixTimeMilliseconds()),
                (Bucket.Gift, 5L, (long?)null),
            }), "the sender's lots were burned down in order: soonest expiry first, never-expiring last");
        }
        Ledger.Advance(TimeSpan.FromDays(3));
        Assert.That((await Ledger.Balance("user:bob")).Available, Is.EqualTo(15), "the gift of the 2-day promo expired with it");
        Ledger.Advance(TimeSpan.FromDays(3));
        Assert.That((await Ledger.Balance("user:bob")).Available, Is.EqualTo(5));
        Assert.That((await Ledger.Balance("user:alice")).Available, Is.EqualTo(5));
    }

    [Test]
    public async Task Held_credits_stay_with_the_sender_and_asking_for_more_than_is_available_changes_nothing()
    {
        await Ledger.Grant("user:alice", 50);
        await Ledger.Reserve("user:alice", 40);

        var error = await Fails(() => Transfer("user:alice", "user:bob", 11));

        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.InsufficientCredits));
        Assert.That(error.Metadata, Is.EqualTo(new Dictionary<string, string> { ["available"] = "10", ["requested"] = "11" }));
        Assert.That(await Ledger.History("user:bob"), Is.Empty);
        var alice = await Ledger.Balance("user:alice");
        Assert.That((alice.Available, alice.Held), Is.EqualTo((10L, 40L)));
        Assert.That((await Transfer("user:alice", "user:bob", 10)).Moved, Is.EqualTo(10), "the available part can move");
    }

    [Test]
    public async Task A_sender_that_owes_has_nothing_to_give_and_a_receiver_that_owes_repays_from_the_gift()
    {
        var bobsPurchase = await Ledger.Grant("user:bob", 10);
        var spend = await Ledger.Reserve("user:bob", 10);
        await Ledger.Commit(spend.HoldId);
        await Ledger.Ledger.ClawbackAsync(new ClawbackCommand(LedgerHarness.Caller, "user:bob", 10, bobsPurchase.LotId, "re_1", "claw-1",
            LedgerHarness.NoMetadata));
        await Ledger.Grant("user:alice", 30);

        var owing = await Fails(() => Transfer("user:bob", "user:alice", 1));
        var result = await Transfer("user:alice", "user:bob", 25);

        Assert.That(owing.Kind, Is.EqualTo(LedgerErrorKind.InsufficientCredits));
        Assert.That((result.ToBalance.Available, result.ToBalance.Owed), Is.EqualTo((15L, 0L)), "10 of the gift repaid the debt");
    }

    [Test]
    public async Task A_retry_with_the_same_key_answers_as_the_first_and_moves_nothing_more()
    {
        await Ledger.Grant("user:alice", 100);

        var first = await Transfer("user:alice", "user:bob", 30, key: "gift-1");
        var retry = await Transfer("user:alice", "user:bob", 30, key: "gift-1");
        var other = await Fails(() => Transfer("user:alice", "user:bob", 31, key: "gift-1"));

        Assert.That((retry.Moved, retry.FromBalance.Available, retry.ToBalance.Available, retry.ToBalance.LastSequence),
            Is.EqualTo((first.Moved, first.FromBalance.Available, first.ToBalance.Available, first.ToBalance.LastSequence)));
        Assert.That((other.Kind, other.Metadata["idempotencyKey"]), Is.EqualTo((LedgerErrorKind.IdempotencyKeyReused, "gift-1")));
        Assert.That((await Ledger.Balance("user:alice")).Available, Is.EqualTo(70));
        Assert.That((await Ledger.Balance("user:bob")).Available, Is.EqualTo(30));
        Assert.That((await Ledger.History("user:bob")).Count, Is.EqualTo(1));
    }

    [Test]
    public async Task The_daily_limit_refuses_with_its_figures_changes_nothing_and_resets_the_next_utc_day()
    {
        Ledger.Options.Transfers.DailyLimit = 50;
        await Ledger.Grant("user:alice", 200);
        await Transfer("user:alice", "user:bob", 30);
        await Transfer("user:alice", "user:carol", 15);
        Ledger.Advance(TimeSpan.FromHours(23));

        var error = await Fails(() => Transfer("user:alice", "user:bob", 6));

        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.TransferLimitExceeded));
        Assert.That(error.Metadata, Is.EqualTo(new Dictionary<string, string> { ["limit"] = "50", ["used"] = "45", ["requested"] = "6" }));
        Assert.That((await Ledger.Balance("user:alice")).Available, Is.EqualTo(155));
        Assert.That((await Ledger.Balance("user:bob")).Available, Is.EqualTo(30));
        Assert.That((await Transfer("user:alice", "user:bob", 5)).Moved, Is.EqualTo(5), "exactly up to the limit is allowed");
        Ledger.Advance(TimeSpan.FromHours(1));
        Assert.That((await Transfer("user:alice", "user:bob", 50)).Moved, Is.EqualTo(50), "a new UTC day starts a new count");
    }

    [Test]
    public async Task Fifty_concurrent_transfers_from_one_sender_never_overdraw_it_and_conserve_the_total()
    {
        const int transfers = 50;
        await Ledger.Grant("user:alice", 100, Bucket.Promo, expiresIn: TimeSpan.FromDays(1));
        await Ledger.Grant("user:alice", 100);
        long moved = 0;
        var refused = 0;

        await Task.WhenAll(Enumerable.Range(0, transfers).Select(i => Task.Run(async () =>
        {
            try
            {
                var result = await Transfer("user:alice", $"user:friend-{i % 7}", 3 + (i % 5));
                Assert.That(result.FromBalance.Available, Is.GreaterThanOrEqualTo(0));
                Interlocked.Add(ref moved, result.Moved);
            }
            catch (LedgerException error) when (error.Kind == LedgerErrorKind.InsufficientCredits)
            {
                Interlocked.Increment(ref refused);
            }
        })));

        var alice = await Ledger.Balance("user:alice");
        var friends = 0L;
        for (var friend = 0; friend < 7; friend++)
        {
            friends += (await Ledger.Balance($"user:friend-{friend}")).Available;
        }
        Assert.That(refused, Is.GreaterThan(0), "250 credits were asked of 200");
        Assert.That(alice.Available, Is.EqualTo(200 - moved), "every moved credit left the sender once");
        Assert.That(friends, Is.EqualTo(moved), "every moved credit arrived once");
        Assert.That(alice.Available, Is.LessThan(7), "a transfer was refused only when fewer credits were left than it asked");
    }

    [Test]
    public async Task Twenty_concurrent_transfers_never_pass_the_daily_limit_together()
    {
        Ledger.Options.Transfers.DailyLimit = 10;
        await Ledger.Grant("user:alice", 100);
        var refused = 0;

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            try
            {
                await Transfer("user:alice", $"user:friend-{i % 3}", 1);
            }
            catch (LedgerException error) when (error.Kind == LedgerErrorKind.TransferLimitExceeded)
            {
                Interlocked.Increment(ref refused);
            }
        })));

        Assert.That(refused, Is.EqualTo(10));
        Assert.That((await Ledger.Balance("user:alice")).Available, Is.EqualTo(90));
    }

    private static IEnumerable<TestCaseData> BadTransfers()
    {
        yield return new TestCaseData("user:alice", "user:alice", 5L, "key", "").SetName("{m}(self)").Returns("to_account_id");
        yield return new TestCaseData("lead:visitor", "user:bob", 5L, "key", "").SetName("{m}(from a lead)").Returns("from_account_id");
        yield return new TestCaseData("user:alice", "lead:visitor", 5L, "key", "").SetName("{m}(to a lead)").Returns("to_account_id");
        yield return new TestCaseData("alice", "user:bob", 5L, "key", "").SetName("{m}(malformed sender)").Returns("from_account_id");
        yield return new TestCaseData("user:alice", "", 5L, "key", "").SetName("{m}(no receiver)").Returns("to_account_id");
        yield return new TestCaseData("user:alice", "user:bob", 0L, "key", "").SetName("{m}(zero)").Returns("amount");
        yield return new TestCaseData("user:alice", "user:bob", -5L, "key", "").SetName("{m}(negative)").Returns("amount");
        yield return new TestCaseData("user:alice", "user:bob", 1_000_000_000_001L, "key", "").SetName("{m}(over 10^12)").Returns("amount");
        yield return new TestCaseData("user:alice", "user:bob", 5L, "", "").SetName("{m}(no key)").Returns("idempotency_key");
        yield return new TestCaseData("user:alice", "user:bob", 5L, "key", new string('n', 257)).SetName("{m}(long note)").Returns("note");
    }

    [TestCaseSource(nameof(BadTransfers))]
    public async Task<string?> Bad_input_is_refused_naming_the_field_and_changes_nothing(string from, string to, long amount, string key, string note)
    {
        await Ledger.Grant("user:alice", 100);

        var error = await Fails(() => Ledger.Ledger.TransferAsync(new TransferCommand(LedgerHarness.Caller, from, to, amount, key, note)));

        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.InvalidRequest));
        Assert.That((await Ledger.Balance("user:alice")).Available, Is.EqualTo(100));
        Assert.That(await Ledger.History("user:bob"), Is.Empty);
        return error.Field;
    }

    [Test]
    public async Task A_receiver_whose_gift_lots_would_pass_the_live_lot_cap_refuses_the_transfer_and_nothing_moves()
    {
        Ledger.Options.LiveLotsPerAccountMax = 3;
        await Ledger.Grant("user:bob", 1);
        await Ledger.Grant("user:bob", 1);
        await Ledger.Grant("user:alice", 5, expiresIn: TimeSpan.FromDays(1));
        await Ledger.Grant("user:alice", 5);

        var error = await Fails(() => Transfer("user:alice", "user:bob", 8));

        Assert.That((error.Kind, error.Metadata["limit"]), Is.EqualTo((LedgerErrorKind.AccountLimitReached, "live_lots")));
        Assert.That((await Ledger.Balance("user:alice")).Available, Is.EqualTo(10));
        Assert.That((await Transfer("user:alice", "user:bob", 5)).Moved, Is.EqualTo(5), "one gift lot still fits");
    }

    [Test]
    public async Task An_unknown_sender_has_nothing_to_give_and_an_unknown_receiver_is_created_by_the_gift()
    {
        await Ledger.Grant("user:alice", 10);

        var unknown = await Fails(() => Transfer("user:nobody", "user:alice", 1));
        var result = await Transfer("user:alice", "org:new-team", 4);

        Assert.That((unknown.Kind, unknown.Metadata["available"]), Is.EqualTo((LedgerErrorKind.InsufficientCredits, "0")));
        Assert.That(result.ToBalance.Available, Is.EqualTo(4));
        await using var db = Ledger.Database.Open();
        Assert.That(await db.Accounts.CountAsync(account => account.AccountId == "user:nobody"), Is.Zero, "a refused transfer creates no account");
    }
}
