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

public sealed class RedeemGiftCodeTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private async Task<CreatedGiftCode> OneCode(string issuer, long amount, TimeSpan? expiresIn = null) =>
        (await Ledger.Ledger.CreateGiftCodesAsync(new CreateGiftCodesCommand(LedgerHarness.Caller, issuer, amount, 1,
            LedgerHarness.Start + (expiresIn ?? TimeSpan.FromDays(30)), Ledger.NewKey()))).Codes.Single();

    private Task<RedeemGiftCodeResult> Redeem(string code, string account, string? key = null) =>
        Ledger.Ledger.RedeemGiftCodeAsync(new RedeemGiftCodeCommand(LedgerHarness.Caller, code, account, key ?? Ledger.NewKey()));

    [Test]
    public async Task Redeeming_gives_the_escrow_as_gift_lots_that_keep_their_source_expiry()
    {
        await Ledger.Grant("org:acme", 30, Bucket.Purchased, expiresIn: TimeSpan.FromDays(60));
        await Ledger.Grant("org:acme", 30, Bucket.Purchased);
        var code = await OneCode("org:acme", 40);

        var result = await Redeem(code.Code.ToLowerInvariant(), "user:bob", key: "r-1");

        Assert.That((result.CodeId, result.Redeemed, result.Balance.Available), Is.EqualTo((code.CodeId, 40L, 40L)));
        var entry = (await Ledger.History("user:bob")).Single();
        Assert.That((entry.Kind, entry.Amount, entry.Reference, entry.Bucket), Is.EqualTo((EntryKind.GiftCodeRedeem, 40L, code.CodeId, (Bucket?)Bucket.Gift)));
        await using (var db = Ledger.Database.Open())
        {
            var lots = await db.Lots.Where(lot => lot.AccountId == "user:bob").OrderBy(lot => lot.ExpiresAtMs ?? long.MaxValue).ToListAsync();
            Assert.That(lots.Select(lot => ((Bucket)lot.Bucket, lot.Amount, lot.ExpiresAtMs)), Is.EqualTo(new[]
            {
                (Bucket.Gift, 30L, (long?)(LedgerHarness.Start + TimeSpan.FromDays(60)).ToUnixTimeMilliseconds()),
                (Bucket.Gift, 10L, (long?)null),
            }));
            var row = await db.GiftCodes.SingleAsync();
            Assert.That(((GiftCodeState)row.State, row.EndedBy), Is.EqualTo((GiftCodeState.Redeemed, "user:bob")));
        }
        Assert.That((await Redeem(code.Code, "user:bob", key: "r-1")).Redeemed, Is.EqualTo(40), "a retry returns the first answer");
        var total = (await Ledger.Balance("org:acme")).Available + (await Ledger.Balance("user:bob")).Available;
        Assert.That(total, Is.EqualTo(60), "issuer and redeemer together hold what was granted");
    }

    [Test]
    public async Task Of_fifty_concurrent_redemptions_by_different_accounts_exactly_one_wins()
    {
        await Ledger.Grant("org:acme", 100);
        var code = await OneCode("org:acme", 100);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            try
            {
                return (await Redeem(code.Code, $"user:u{i}")).Redeemed > 0 ? "won" : "nothing";
            }
            catch (LedgerException error)
            {
                return error.Kind.ToString();
            }
        }));

        Assert.That(attempts.Count(outcome => outcome == "won"), Is.EqualTo(1));
        Assert.That(attempts.Where(outcome => outcome != "won"), Is.All.EqualTo(nameof(LedgerErrorKind.GiftCodeRedeemed)));
        await using var db = Ledger.Database.Open();
        Assert.That(await db.Lots.Where(lot => lot.AccountId.StartsWith("user:")).SumAsync(lot => lot.Remaining), Is.EqualTo(100));
    }

    [Test]
    public async Task An_expired_code_is_refused_and_its_escrow_stays_put()
    {
        await Ledger.Grant("org:acme", 10);
        var code = await OneCode("org:acme", 10, TimeSpan.FromDays(1));
        Ledger.Advance(TimeSpan.FromDays(1));

        var error = await Fails(() => Redeem(code.Code, "user:bob"));

        Assert.That((error.Kind, error.Metadata["codeId"]), Is.EqualTo((LedgerErrorKind.GiftCodeExpired, code.CodeId)));
        Assert.That(await Ledger.History("user:bob"), Is.Empty);
    }

    [Test]
    public async Task A_lead_and_the_issuer_cannot_redeem_and_a_mistyped_code_is_refused_before_any_lookup()
    {
        await Ledger.Grant("org:acme", 10);
        var code = await OneCode("org:acme", 10);
        var typo = code.Code[..^1] + (code.Code[^1] == 'A' ? 'B' : 'A');

        var lead = await Fails(() => Redeem(code.Code, "lead:v1"));
        var issuer = await Fails(() => Redeem(code.Code, "org:acme"));
        var mistyped = await Fails(() => Redeem(typo, "user:bob"));

        Assert.That((lead.Kind, lead.Metadata["field"]), Is.EqualTo((LedgerErrorKind.InvalidRequest, "account_id")));
        Assert.That((issuer.Kind, issuer.Metadata["field"]), Is.EqualTo((LedgerErrorKind.InvalidRequest, "account_id")));
        Assert.That((mistyped.Kind, mistyped.Metadata["field"]), Is.EqualTo((LedgerErrorKind.InvalidRequest, "code")));
        Assert.That((await Redeem(code.Code, "user:bob")).Redeemed, Is.EqualTo(10), "none of the refusals used the code up");
    }

    [Test]
    public async Task Failed_redemptions_are_limited_per_account_and_minute_and_a_refused_attempt_changes_nothing()
    {
        await Ledger.Grant("org:acme", 10);
        var code = await OneCode("org:acme", 10);
        var unknown = Enumerable.Range(0, GiftCodeLimits.FailedRedemptionsPerMinuteMax)
            .Select(_ => GiftCodeText.Format(GiftCodeText.NewCanonical())).ToList();
        foreach (var guess in unknown)
        {
            Assert.That((await Fails(() => Redeem(guess, "user:mallory"))).Kind, Is.EqualTo(LedgerErrorKind.GiftCodeNotFound));
        }
        Ledger.Advance(TimeSpan.FromSeconds(15));

        var refused = await Fails(() => Redeem(code.Code, "user:mallory"));

        Assert.That(refused.Kind, Is.EqualTo(LedgerErrorKind.TooManyAttempts));
        Assert.That(refused.Metadata, Is.EqualTo(new Dictionary<string, string>
        {
            ["limit"] = GiftCodeLimits.FailedRedemptionsPerMinuteMax.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["retryAfterSeconds"] = "45",
        }));
        Assert.That((await Redeem(code.Code, "user:bob")).Redeemed, Is.EqualTo(10), "another account is not limited, and the code was not used up");
        await using (var db = Ledger.Database.Open())
        {
            Assert.That(await db.GetTable<AttemptsRow>().Select(row => row.Failed).SingleAsync(),
                Is.EqualTo(GiftCodeLimits.FailedRedemptionsPerMinuteMax), "the refused attempt was not counted");
        }
        Ledger.Advance(TimeSpan.FromSeconds(45));
        Assert.That((await Fails(() => Redeem(code.Code, "user:mallory"))).Kind, Is.EqualTo(LedgerErrorKind.GiftCodeRedeemed),
            "a new minute lets the account try again");
    }

    [LinqToDB.Mapping.Table("gift_code_attempts")]
    private sealed class AttemptsRow
    {
        [LinqToDB.Mapping.Column("failed")] public int Failed { get; set; }
    }
}
