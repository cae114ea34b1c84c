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

public sealed class RevokeGiftCodeTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private async Task<IReadOnlyList<CreatedGiftCode>> Codes(string issuer, long amount, int count, TimeSpan? expiresIn = null) =>
        (await Ledger.Ledger.CreateGiftCodesAsync(new CreateGiftCodesCommand(LedgerHarness.Caller, issuer, amount, count,
            LedgerHarness.Start + (expiresIn ?? TimeSpan.FromDays(30)), Ledger.NewKey()))).Codes;

    private Task<RevokeGiftCodeResult> Revoke(string issuer, string codeId, string? key = null) =>
        Ledger.Ledger.RevokeGiftCodeAsync(new RevokeGiftCodeCommand(LedgerHarness.Caller, issuer, codeId, key ?? Ledger.NewKey()));

    private Task<RedeemGiftCodeResult> Redeem(string code, string account) =>
        Ledger.Ledger.RedeemGiftCodeAsync(new RedeemGiftCodeCommand(LedgerHarness.Caller, code, account, Ledger.NewKey()));

    private async Task<long> LotsOf(string prefix)
    {
        await using var db = Ledger.Database.Open();
        return await db.Lots.Where(lot => lot.AccountId.StartsWith(prefix)).SumAsync(lot => (long?)lot.Remaining) ?? 0;
    }

    private async Task<long> ActiveEscrow()
    {
        await using var db = Ledger.Database.Open();
        return await db.GiftCodes.Where(code => code.State == (int)GiftCodeState.Active).SumAsync(code => (long?)code.Amount) ?? 0;
    }

    [Test]
    public async Task Revoking_returns_the_escrow_to_the_lots_it_came_from_once()
    {
        var grant = await Ledger.Grant("org:acme", 100, Bucket.Purchased, expiresIn: TimeSpan.FromDays(90));
        var codes = await Codes("org:acme", 30, 2);

        var result = await Revoke("org:acme", codes[0].CodeId, key: "revoke-1");

        Assert.That((result.CodeId, result.Returned, result.IssuerBalance.Available), Is.EqualTo((codes[0].CodeId, 30L, 70L)));
        var entry = (await Ledger.History("org:acme")).Last();
        Assert.That((entry.Kind, entry.Amount, entry.Reference), Is.EqualTo((EntryKind.GiftCodeRevoke, 30L, codes[0].CodeId)));
        Assert.That(entry.Parts.Select(part => (part.LotId, part.Amount)), Is.EqualTo(new[] { (grant.LotId, 30L) }), "back into the purchased lot");
        Assert.That((await Revoke("org:acme", codes[0].CodeId, key: "revoke-1")).Returned, Is.EqualTo(30), "a retry returns the first answer");
        var again = await Fails(() => Revoke("org:acme", codes[0].CodeId));
        Assert.That((again.Kind, again.Metadata["state"]), Is.EqualTo((LedgerErrorKind.GiftCodeRevoked, "revoked")));
        var redeem = await Fails(() => Redeem(codes[0].Code, "user:bob"));
        Assert.That(redeem.Kind, Is.EqualTo(LedgerErrorKind.GiftCodeRevoked));
        Assert.That((await Ledger.Balance("org:acme")).Available, Is.EqualTo(70), "returned once");
        Assert.That(await LotsOf("org:") + await ActiveEscrow(), Is.EqualTo(100), "issuer + escrow = what was granted");
    }

    [Test]
    public async Task A_redeemed_code_cannot_be_revoked_and_another_issuers_or_an_unknown_code_reads_as_not_found()
    {
        await Ledger.Grant("org:acme", 30);
        await Ledger.Grant("org:other", 20);
        var code = (await Codes("org:acme", 10, 2))[0];
        var second = (await Codes("org:acme", 10, 1, TimeSpan.FromDays(10)))[0];
        await Redeem(code.Code, "user:bob");

        var redeemed = await Fails(() => Revoke("org:acme", code.CodeId));
        var foreign = await Fails(() => Revoke("org:other", second.CodeId));
        var unknown = await Fails(() => Revoke("org:acme", "gift_0000000000000000000000000000000"));
        var malformed = await Fails(() => Revoke("org:acme", "not-a-code-id"));

        Assert.That((redeemed.Kind, redeemed.Metadata["codeId"]), Is.EqualTo((LedgerErrorKind.GiftCodeRedeemed, code.CodeId)));
        Assert.That((foreign.Kind, unknown.Kind), Is.EqualTo((LedgerErrorKind.GiftCodeNotFound, LedgerErrorKind.GiftCodeNotFound)));
        Assert.That((malformed.Kind, malformed.Metadata["field"]), Is.EqualTo((LedgerErrorKind.InvalidRequest, "code_id")));
        Assert.That((await Ledger.Balance("org:other")).Available, Is.EqualTo(20), "nothing moved");
        Assert.That((await Ledger.Balance("user:bob")).Available, Is.EqualTo(10));
        Assert.That(await LotsOf("org:acme") + await ActiveEscrow() + await LotsOf("user:"), Is.EqualTo(30));
    }

    [Test]
    public async Task Revoking_a_code_past_its_expiry_whose_source_lot_expired_returns_credits_that_expire_at_once()
    {
        await Ledger.Grant("org:acme", 10, Bucket.Purchased, expiresIn: TimeSpan.FromDays(40));
        var code = (await Codes("org:acme", 10, 1, TimeSpan.FromDays(30)))[0];
        Ledger.Advance(TimeSpan.FromDays(41));

        var result = await Revoke("org:acme", code.CodeId);

        Assert.That((result.Returned, result.IssuerBalance.Available), Is.EqualTo((10L, 0L)));
        var kinds = (await Ledger.History("org:acme")).TakeLast(2).Select(entry => (entry.Kind, entry.Amount));
        Assert.That(kinds, Is.EqualTo(new[] { (EntryKind.GiftCodeRevoke, 10L), (EntryKind.LotExpire, -10L) }),
            "the returned credits keep their source expiry, so nothing outlives its lot");
        Assert.That(await ActiveEscrow(), Is.Zero);
    }

    [Test]
    public async Task Of_a_revocation_racing_a_redemption_exactly_one_wins_and_the_credits_are_conserved()
    {
        await Ledger.Grant("org:acme", 200);
        var codes = await Codes("org:acme", 10, 20);

        var outcomes = await Task.WhenAll(codes.Select(async (code, i) =>
        {
            var revoke = Outcome(() => Revoke("org:acme", code.CodeId));
            var redeem = Outcome(() => Redeem(code.Code, $"user:u{i}"));
            return await Task.WhenAll(revoke, redeem);
        }));

        Assert.That(outcomes.Select(pair => pair.Count(outcome => outcome == "won")), Is.All.EqualTo(1), "each code ends once");
        Assert.That(outcomes.SelectMany(pair => pair).Where(outcome => outcome != "won"),
            Is.All.AnyOf(nameof(LedgerErrorKind.GiftCodeRevoked), nameof(LedgerErrorKind.GiftCodeRedeemed)));
        var redeemed = outcomes.Count(pair => pair[1] == "won") * 10L;
        Assert.That((await LotsOf("user:"), await LotsOf("org:acme"), await ActiveEscrow()), Is.EqualTo((redeemed, 200 - redeemed, 0L)));
    }

    [Test]
    public async Task Lists_show_an_issuers_codes_newest_first_in_pages_without_the_codes()
    {
        await Ledger.Grant("org:acme", 100);
        var first = await Codes("org:acme", 5, 3);
        Ledger.Advance(TimeSpan.FromSeconds(1));
        var later = await Codes("org:acme", 7, 2);
        await Revoke("org:acme", first[0].CodeId);

        var page1 = await Ledger.Ledger.ListGiftCodesAsync("org:acme", null, 3, "");
        var page2 = await Ledger.Ledger.ListGiftCodesAsync("org:acme", null, 3, page1.NextPageToken);
        var revoked = await Ledger.Ledger.ListGiftCodesAsync("org:acme", GiftCodeState.Revoked, 0, "");

        Assert.That(page1.Codes.Take(2).Select(code => code.CodeId), Is.EquivalentTo(later.Select(code => code.CodeId)), "newest first");
        Assert.That(page1.Codes.Concat(page2.Codes).Select(code => code.CodeId),
            Is.EquivalentTo(first.Concat(later).Select(code => code.CodeId)).And.Unique);
        Assert.That(page2.NextPageToken, Is.Empty);
        Assert.That(revoked.Codes.Select(code => (code.CodeId, code.State, code.Amount)), Is.EqualTo(new[] { (first[0].CodeId, GiftCodeState.Revoked, 5L) }));
        var shown = page1.Codes[0];
        var created = later.Single(code => code.CodeId == shown.CodeId);
        Assert.That(created.Code, Does.EndWith(shown.DisplaySuffix + "-" + created.Code[^1]), "only the last group is shown");
        Assert.That((await Fails(() => Ledger.Ledger.ListGiftCodesAsync("org:acme", null, 0, "bogus"))).Metadata["field"], Is.EqualTo("page_token"));
    }

    private static async Task<string> Outcome(Func<Task> call)
    {
        try
        {
            await call();
            return "won";
        }
        catch (LedgerException error)
        {
            return error.Kind.ToString();
        }
    }
}
