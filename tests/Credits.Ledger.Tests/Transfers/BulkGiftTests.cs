using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using Credits.Ledger.Journal;
using Credits.Ledger.Lots;
using Credits.Ledger.Tests.Support;
using Credits.Ledger.Transfers;
using LinqToDB;
using LinqToDB.Async;

namespace Credits.Ledger.Tests.Transfers;

/// <summary>BulkGift: a transfer to each of many accounts in one transaction, all or nothing.</summary>
public sealed class BulkGiftTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private Task<BulkGiftResult> Gift(string from, IEnumerable<(string To, long Amount)> recipients, string? key = null) =>
        Ledger.Ledger.BulkGiftAsync(new BulkGiftCommand(LedgerHarness.Caller, from,
            recipients.Select(recipient => new BulkGiftRecipient(recipient.To, recipient.Amount)).ToList(), key ?? Ledger.NewKey(), "team bonus"));

    private async Task<long> Total(string prefix)
    {
        await using var db = Ledger.Database.Open();
        return await db.Lots.Where(lot => lot.AccountId.StartsWith(prefix)).SumAsync(lot => (long?)lot.Remaining) ?? 0;
    }

    [Test]
    public async Task Each_recipient_gets_gift_lots_keeping_the_source_expiry_and_both_sides_name_each_other()
    {
        await Ledger.Grant("org:acme", 10, Bucket.Purchased, expiresIn: TimeSpan.FromDays(5));
        await Ledger.Grant("org:acme", 100, Bucket.Purchased);

        var result = await Gift("org:acme", [("user:a", 6), ("user:b", 8), ("user:c", 1)], key: "bonus-1");

        Assert.That((result.Moved, result.Recipients, result.FromBalance.Available), Is.EqualTo((15L, 3, 95L)));
        Assert.That((await Gift("org:acme", [("user:a", 6), ("user:b", 8), ("user:c", 1)], key: "bonus-1")).Moved, Is.EqualTo(15),
            "a retry returns the first answer");
        var sent = (await Ledger.History("org:acme")).Where(entry => entry.Kind == EntryKind.TransferOut).ToList();
        Assert.That(sent.Select(entry => (entry.Reference, entry.Amount, entry.Metadata["note"])),
            Is.EqualTo(new[] { ("user:a", -6L, "team bonus"), ("user:b", -8L, "team bonus"), ("user:c", -1L, "team bonus") }));
        var b = (await Ledger.History("user:b")).Single();
        Assert.That((b.Kind, b.Amount, b.Reference, b.Bucket), Is.EqualTo((EntryKind.TransferIn, 8L, "org:acme", (Bucket?)Bucket.Gift)));
        await using var db = Ledger.Database.Open();
        var lotsOfB = await db.Lots.Where(lot => lot.AccountId == "user:b").OrderBy(lot => lot.Amount).ToListAsync();
        Assert.That(lotsOfB.Select(lot => (lot.Amount, lot.ExpiresAtMs.HasValue)), Is.EquivalentTo(new[] { (4L, true), (4L, false) }),
            "b's share spans the expiring lot's last 4 credits and the next lot, each keeping its expiry");
        Assert.That(await Total("org:") + await Total("user:"), Is.EqualTo(110));
    }

    [TestCase("lead", "recipients[1].account_id")]
    [TestCase("self", "recipients[1].account_id")]
    [TestCase("twice", "recipients[1].account_id")]
    [TestCase("zero", "recipients[1].amount")]
    [TestCase("none", "recipients")]
    public async Task One_bad_recipient_is_invalid_request_naming_it_and_nothing_moves(string mistake, string field)
    {
        await Ledger.Grant("org:acme", 100);
        (string, long) bad = mistake switch
        {
            "lead" => ("lead:v1", 5),
            "self" => ("org:acme", 5),
            "twice" => ("user:a", 5),
            _ => ("user:b", 0),
        };
        List<(string, long)> recipients = mistake == "none" ? [] : [("user:a", 5), bad, ("user:c", 5)];

        var error = await Fails(() => Gift("org:acme", recipients));

        Assert.That((error.Kind, error.Metadata["field"]), Is.EqualTo((LedgerErrorKind.InvalidRequest, field)));
        Assert.That((await Ledger.Balance("org:acme")).Available, Is.EqualTo(100));
        Assert.That(await Total("user:"), Is.Zero);
    }

    [Test]
    public async Task A_recipient_without_room_refuses_the_whole_gift_and_more_than_a_thousand_recipients_is_refused()
    {
        Ledger.Options.LiveLotsPerAccountMax = 3;
        await Ledger.Grant("org:acme", 100);
        for (var i = 0; i < 3; i++)
        {
            await Ledger.Grant("user:full", 1);
        }

        var full = await Fails(() => Gift("org:acme", [("user:a", 5), ("user:full", 5)]));
        var tooMany = await Fails(() => Gift("org:acme", Enumerable.Range(0, BulkGiftRule.RecipientsMax + 1).Select(i => ($"user:r{i}", 1L))));

        Assert.That(full.Kind, Is.EqualTo(LedgerErrorKind.AccountLimitReached));
        Assert.That((tooMany.Kind, tooMany.Metadata["field"]), Is.EqualTo((LedgerErrorKind.InvalidRequest, "recipients")));
        Assert.That((await Ledger.Balance("org:acme")).Available, Is.EqualTo(100));
        Assert.That((await Ledger.Balance("user:a")).Available, Is.Zero, "the first recipient got nothing either");
    }

    [Test]
    public async Task The_daily_transfer_limit_applies_to_the_total_and_counts_with_transfers()
    {
        Ledger.Options.Transfers.DailyLimit = 50;
        await Ledger.Grant("org:acme", 200);
        await Ledger.Ledger.TransferAsync(new TransferCommand(LedgerHarness.Caller, "org:acme", "user:z", 20, Ledger.NewKey()));

        var over = await Fails(() => Gift("org:acme", [("user:a", 20), ("user:b", 11)]));
        var fits = await Gift("org:acme", [("user:a", 20), ("user:b", 10)]);

        Assert.That((over.Kind, over.Metadata["used"], over.Metadata["requested"]), Is.EqualTo((LedgerErrorKind.TransferLimitExceeded, "20", "31")));
        Assert.That(fits.Moved, Is.EqualTo(30));
        Assert.That((await Fails(() => Ledger.Ledger.TransferAsync(new TransferCommand(LedgerHarness.Caller, "org:acme", "user:z", 1, Ledger.NewKey())))).Kind,
            Is.EqualTo(LedgerErrorKind.TransferLimitExceeded), "the bulk gift counted towards the day");
    }

    [Test]
    public async Task Concurrent_bulk_gifts_sharing_recipients_never_overdraw_or_deadlock()
    {
        Ledger.Options.Transfers.DailyLimit = 0;
        await Ledger.Grant("org:acme", 100);
        await Ledger.Grant("org:beta", 100);
        var team = Enumerable.Range(0, 10).Select(i => $"user:t{i}").ToList();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(async i =>
        {
            var from = i % 2 == 0 ? "org:acme" : "org:beta";
            // Opposite orders of the same recipients: only the engine's lock order keeps these from deadlocking.
            var order = i % 4 < 2 ? team : Enumerable.Reverse(team);
            try
            {
                return (await Gift(from, order.Select(to => (to, 2L)))).Moved;
            }
            catch (LedgerException error) when (error.Kind == LedgerErrorKind.InsufficientCredits)
            {
                return 0;
            }
        }));

        Assert.That(outcomes.Count(moved => moved == 20), Is.EqualTo(10), "5 gifts of 20 fit in each sender's 100; the other 3 are refused whole");
        Assert.That(outcomes.Where(moved => moved != 20), Is.All.Zero);
        Assert.That((await Total("org:"), await Total("user:")), Is.EqualTo((0L, 200L)));
        Assert.That((await Ledger.Balance("user:t0")).Available, Is.EqualTo(20));
    }
}
