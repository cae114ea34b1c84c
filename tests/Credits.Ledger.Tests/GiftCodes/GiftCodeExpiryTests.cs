using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using Credits.Ledger.GiftCodes;
using Credits.Ledger.Journal;
using Credits.Ledger.Tests.Support;
using Credits.Testing;
using LinqToDB;
using LinqToDB.Async;

namespace Credits.Ledger.Tests.GiftCodes;

/// <summary>
/// Unredeemed codes past their expiry go back to the issuer by the sweeper, once, whatever races
/// it: a revocation, or another sweep. The verifier runs after every spec (the fixture's teardown).
/// </summary>
public sealed class GiftCodeExpiryTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private async Task<IReadOnlyList<CreatedGiftCode>> Codes(string issuer, long amount, int count, TimeSpan expiresIn) =>
        (await Ledger.Ledger.CreateGiftCodesAsync(new CreateGiftCodesCommand(LedgerHarness.Caller, issuer, amount, count,
            Ledger.Time.GetUtcNow() + expiresIn, Ledger.NewKey()))).Codes;

    private Task<RevokeGiftCodeResult> Revoke(string issuer, string codeId) =>
        Ledger.Ledger.RevokeGiftCodeAsync(new RevokeGiftCodeCommand(LedgerHarness.Caller, issuer, codeId, Ledger.NewKey()));

    private async Task<(long Issuers, long Escrow, long Redeemers)> Totals()
    {
        await using var db = Ledger.Database.Open();
        var issuers = await db.Lots.Where(lot => lot.AccountId.StartsWith("org:")).SumAsync(lot => (long?)lot.Remaining) ?? 0;
        var escrow = await db.GiftCodes.Where(code => code.State == (int)GiftCodeState.Active).SumAsync(code => (long?)code.Amount) ?? 0;
        var redeemers = await db.Lots.Where(lot => lot.AccountId.StartsWith("user:")).SumAsync(lot => (long?)lot.Remaining) ?? 0;
        return (issuers, escrow, redeemers);
    }

    [Test]
    public async Task The_sweeper_returns_an_expired_unredeemed_code_once_and_leaves_the_others()
    {
        await Ledger.Grant("org:acme", 100);
        var soon = await Codes("org:acme", 10, 2, TimeSpan.FromDays(1));
        var later = await Codes("org:acme", 20, 1, TimeSpan.FromDays(10));
        await Ledger.Ledger.RedeemGiftCodeAsync(new RedeemGiftCodeCommand(LedgerHarness.Caller, soon[1].Code, "user:bob", Ledger.NewKey()));
        Ledger.Advance(TimeSpan.FromDays(1));

        await Ledger.Sweeper.SweepOnceAsync();
        await Ledger.Sweeper.SweepOnceAsync();

        var returned = (await Ledger.History("org:acme")).Where(entry => entry.Kind == EntryKind.GiftCodeExpire).ToList();
        Assert.That(returned.Select(entry => (entry.Amount, entry.Reference, entry.Actor)), Is.EqualTo(new[] { (10L, soon[0].CodeId, Actors.System) }),
            "the expired code went home once; the redeemed one and the unexpired one did not");
        Assert.That((await Ledger.Balance("org:acme")).Available, Is.EqualTo(70));
        Assert.That(await Totals(), Is.EqualTo((70L, 20L, 10L)), "issuer + escrow + redeemer = what was granted");
        var expired = await Fails(() => Revoke("org:acme", soon[0].CodeId));
        Assert.That(expired.Kind, Is.EqualTo(LedgerErrorKind.GiftCodeExpired));
        var listed = await Ledger.Ledger.ListGiftCodesAsync("org:acme", GiftCodeState.Expired, 0, "");
        Assert.That(listed.Codes.Select(code => code.CodeId), Is.EqualTo(new[] { soon[0].CodeId }));
    }

    [Test]
    public async Task Revocations_racing_the_sweeper_return_each_code_once()
    {
        await Ledger.Grant("org:acme", 300);
        var codes = await Codes("org:acme", 10, 30, TimeSpan.FromDays(1));
        Ledger.Advance(TimeSpan.FromDays(1));

        var revocations = codes.Select(async code =>
        {
            try
            {
                return (await Revoke("org:acme", code.CodeId)).Returned;
            }
            catch (LedgerException error) when (error.Kind == LedgerErrorKind.GiftCodeExpired)
            {
                return 0L;
            }
        }).ToList();
        var sweeps = Enumerable.Range(0, 3).Select(_ => Ledger.Sweeper.SweepOnceAsync()).ToList();
        var revoked = (await Task.WhenAll(revocations)).Sum();
        await Task.WhenAll(sweeps);
        await Ledger.Sweeper.SweepOnceAsync();

        var history = await Ledger.History("org:acme");
        var swept = history.Where(entry => entry.Kind == EntryKind.GiftCodeExpire).Sum(entry => entry.Amount);
        var revokedEntries = history.Where(entry => entry.Kind == EntryKind.GiftCodeRevoke).Sum(entry => entry.Amount);
        Assert.That((revoked + swept, revokedEntries), Is.EqualTo((300L, revoked)), "each code came back once, by one or the other");
        Assert.That(history.Where(entry => entry.Kind is EntryKind.GiftCodeExpire or EntryKind.GiftCodeRevoke).Select(entry => entry.Reference),
            Is.Unique);
        Assert.That(await Totals(), Is.EqualTo((300L, 0L, 0L)));
    }

    [Test]
    public async Task The_verifier_names_an_issuer_whose_returned_escrow_differs_from_its_ended_codes()
    {
        await Ledger.Grant("org:acme", 30);
        var codes = await Codes("org:acme", 10, 3, TimeSpan.FromDays(1));
        await Revoke("org:acme", codes[0].CodeId);
        await Ledger.Ledger.RedeemGiftCodeAsync(new RedeemGiftCodeCommand(LedgerHarness.Caller, codes[1].Code, "user:bob", Ledger.NewKey()));
        Assert.That(await Ledger.Verifier.VerifyAsync(), Is.Empty);
        // As if the revocation's write of the state had been lost while its credits went home: that code could pay out again.
        await TestSql.ExecuteAsync(Ledger.Database, $"UPDATE gift_codes SET state = {(int)GiftCodeState.Active} WHERE state = {(int)GiftCodeState.Revoked}");

        var violations = await Ledger.Verifier.VerifyAsync();

        Assert.That(violations, Is.EqualTo(new List<string>
        {
            "org:acme: GIFT_CODE_REVOKE and GIFT_CODE_EXPIRE entries returned 10 credits, but its revoked and expired codes hold 0",
        }));
        await TestSql.ExecuteAsync(Ledger.Database, $"UPDATE gift_codes SET state = {(int)GiftCodeState.Revoked} WHERE code_id = '{codes[0].CodeId}'");
    }
}
