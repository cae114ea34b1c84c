using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using Credits.Ledger.GiftCodes;
using Credits.Ledger.Journal;
using Credits.Ledger.Lots;
using Credits.Ledger.Tests.Support;
using LinqToDB;
using LinqToDB.Async;

namespace Credits.Ledger.Tests.GiftCodes;

public sealed class CreateGiftCodesTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private static readonly TimeSpan InThirtyDays = TimeSpan.FromDays(30);

    private Task<CreateGiftCodesResult> Create(string issuer, long amount, int count, TimeSpan? expiresIn = null, string? key = null) =>
        Ledger.Ledger.CreateGiftCodesAsync(new CreateGiftCodesCommand(LedgerHarness.Caller, issuer, amount, count,
            LedgerHarness.Start + (expiresIn ?? InThirtyDays), key ?? Ledger.NewKey()));

    [Test]
    public async Task Creating_codes_moves_count_times_amount_out_of_the_issuer_in_one_journal_entry()
    {
        await Ledger.Grant("org:acme", 1_000);

        var result = await Create("org:acme", 25, 4, key: "batch-1");

        Assert.That((result.Escrowed, result.IssuerBalance.Available), Is.EqualTo((100L, 900L)));
        Assert.That(result.Codes.Select(code => (code.Amount, code.ExpiresAt)),
            Is.All.EqualTo((25L, LedgerHarness.Start + InThirtyDays)));
        Assert.That(result.Codes.Select(code => code.Code).Distinct().Count(), Is.EqualTo(4));
        Assert.That(result.Codes.Select(code => GiftCodeText.TryCanonical(code.Code)), Has.None.Null, "every code carries a valid check character");
        var entry = (await Ledger.History("org:acme")).Last();
        Assert.That((entry.Kind, entry.Amount, entry.IdempotencyKey, entry.Parts.Sum(part => part.Amount)),
            Is.EqualTo((EntryKind.GiftCodesCreate, -100L, "batch-1", 100L)));
        Assert.That((entry.Metadata["count"], entry.Metadata["amount"]), Is.EqualTo(("4", "25")));
    }

    [Test]
    public async Task The_database_keeps_only_each_codes_sha256_and_a_four_character_suffix()
    {
        await Ledger.Grant("org:acme", 100);

        var result = await Create("org:acme", 10, 3);

        await using var db = Ledger.Database.Open();
        var rows = await db.GiftCodes.OrderBy(row => row.CodeId).ToListAsync();
        var expected = result.Codes.Select(code => GiftCodeText.TryCanonical(code.Code)!)
            .Select(canonical => (GiftCodeText.Hash(canonical), canonical.Substring(12, 4)))
            .OrderBy(pair => pair.Item1, StringComparer.Ordinal);
        Assert.That(rows.Select(row => (row.CodeHash, row.DisplaySuffix)).OrderBy(pair => pair.CodeHash, StringComparer.Ordinal),
            Is.EqualTo(expected));
        Assert.That(rows.Select(row => (row.IssuerAccountId, row.Amount, (GiftCodeState)row.State)),
            Is.All.EqualTo(("org:acme", 10L, GiftCodeState.Active)));
        Assert.That(rows.Select(row => row.CodeId).Order(), Is.EqualTo(result.Codes.Select(code => code.CodeId).Order()));
    }

    [Test]
    public async Task Only_lots_that_outlive_the_codes_pay_for_them_and_the_escrow_keeps_their_expiry()
    {
        await Ledger.Grant("user:alice", 50, Bucket.Promo, expiresIn: TimeSpan.FromDays(10));
        await Ledger.Grant("user:alice", 30, Bucket.Purchased, expiresIn: TimeSpan.FromDays(60));
        await Ledger.Grant("user:alice", 30, Bucket.Purchased);

        var tooMuch = await Fails(() => Create("user:alice", 61, 1));

        Assert.That(tooMuch.Kind, Is.EqualTo(LedgerErrorKind.InsufficientCredits));
        Assert.That(tooMuch.Metadata, Is.EqualTo(new Dictionary<string, string> { ["available"] = "60", ["requested"] = "61" }),
            "the 10-day promo dies before the 30-day codes and cannot pay for them");

        var result = await Create("user:alice", 20, 2);

        Assert.That(result.IssuerBalance.Available, Is.EqualTo(70));
        await using var db = Ledger.Database.Open();
        var escrows = (await db.GiftCodes.ToListAsync()).Select(row => StoredJson.Read<List<EscrowPart>>(row.Escrow)).ToList();
        var sixtyDays = (LedgerHarness.Start + TimeSpan.FromDays(60)).ToUnixTimeMilliseconds();
        Assert.That(escrows.SelectMany(parts => parts).GroupBy(part => part.ExpiresAtMs).Select(group => (group.Key, group.Sum(part => part.Amount))),
            Is.EquivalentTo(new[] { ((long?)sixtyDays, 30L), ((long?)null, 10L) }),
            "burn-down order over the lots that qualify: the 60-day lot first, then the never-expiring one");
        var promo = await db.Lots.SingleAsync(lot => lot.Bucket == (int)Bucket.Promo);
        Assert.That(promo.Remaining, Is.EqualTo(50), "the promo lot was not touched");
    }

    [Test]
    public async Task A_retry_with_the_same_key_returns_the_same_codes_and_escrows_nothing_more()
    {
        await Ledger.Grant("org:acme", 100);

        var first = await Create("org:acme", 10, 2, key: "batch-1");
        var retry = await Create("org:acme", 10, 2, key: "batch-1");
        var reused = await Fails(() => Create("org:acme", 10, 3, key: "batch-1"));

        Assert.That(retry.Codes.Select(code => code.Code), Is.EqualTo(first.Codes.Select(code => code.Code)));
        Assert.That(reused.Kind, Is.EqualTo(LedgerErrorKind.IdempotencyKeyReused));
        Assert.That((await Ledger.Balance("org:acme")).Available, Is.EqualTo(80));
        await using var db = Ledger.Database.Open();
        Assert.That(await db.GiftCodes.CountAsync(), Is.EqualTo(2));
    }

    [TestCase(0, 30, "count")]
    [TestCase(1001, 30, "count")]
    [TestCase(1, 0, "expires_at")]
    [TestCase(1, 731, "expires_at")]
    public async Task Bad_counts_and_expiries_are_refused_naming_the_field_and_change_nothing(int count, int expiresInDays, string field)
    {
        await Ledger.Grant("org:acme", 10_000);

        var error = await Fails(() => Create("org:acme", 1, count, TimeSpan.FromDays(expiresInDays)));

        Assert.That((error.Kind, error.Metadata["field"]), Is.EqualTo((LedgerErrorKind.InvalidRequest, field)));
        Assert.That((await Ledger.Balance("org:acme")).Available, Is.EqualTo(10_000));
        await using var db = Ledger.Database.Open();
        Assert.That(await db.GiftCodes.CountAsync(), Is.Zero);
    }

    [Test]
    public async Task A_lead_cannot_issue_codes()
    {
        var error = await Fails(() => Create("lead:v1", 1, 1));

        Assert.That((error.Kind, error.Metadata["field"]), Is.EqualTo((LedgerErrorKind.InvalidRequest, "issuer_account_id")));
    }

    [Test]
    public async Task A_thousand_codes_are_created_in_one_request()
    {
        await Ledger.Grant("org:acme", 5_000);

        var result = await Create("org:acme", 5, GiftCodeLimits.CodesPerRequestMax);

        Assert.That((result.Codes.Count, result.IssuerBalance.Available), Is.EqualTo((1000, 0L)));
        await using var db = Ledger.Database.Open();
        Assert.That(await db.GiftCodes.SumAsync(row => row.Amount), Is.EqualTo(5_000));
    }
}
