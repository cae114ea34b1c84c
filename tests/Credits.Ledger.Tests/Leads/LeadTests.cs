using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using Credits.Ledger.Journal;
using Credits.Ledger.Lots;
using Credits.Ledger.Tests.Support;
using LinqToDB;
using LinqToDB.Async;

namespace Credits.Ledger.Tests.Leads;

public sealed class LeadTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private Task<ClaimLeadResult> Claim(string lead, string user, string? key = null) =>
        Ledger.Ledger.ClaimLeadAsync(new ClaimLeadCommand(LedgerHarness.Caller, lead, user, key ?? Ledger.NewKey()));

    [Test]
    public async Task An_unused_lead_reads_as_holding_its_free_allowance_without_writing_anything()
    {
        var balance = await Ledger.Balance("lead:visitor");

        Assert.That(balance.Available, Is.EqualTo(20));
        Assert.That(balance.Buckets.Single().Bucket, Is.EqualTo(Bucket.Lead));
        Assert.That(await Ledger.History("lead:visitor"), Is.Empty);
        await using var db = Ledger.Database.Open();
        Assert.That(await db.Accounts.CountAsync(), Is.Zero, "a read never creates an account");
    }

    [Test]
    public async Task The_first_use_of_a_lead_grants_its_allowance_once_in_the_lead_bucket()
    {
        var hold = await Ledger.Reserve("lead:visitor", 5);
        await Ledger.Commit(hold.HoldId);
        await Ledger.Reserve("lead:visitor", 1);

        var entries = await Ledger.History("lead:visitor");
        Assert.That(entries.Count(e => e.Kind == EntryKind.Grant), Is.EqualTo(1));
        Assert.That((entries[0].Kind, entries[0].Amount, entries[0].Bucket, entries[0].Actor),
            Is.EqualTo((EntryKind.Grant, 20L, (Bucket?)Bucket.Lead, "system")));
        Assert.That((await Ledger.Balance("lead:visitor")).Available, Is.EqualTo(14));
    }

    [Test]
    public async Task Twenty_concurrent_first_calls_on_a_lead_grant_its_allowance_exactly_once()
    {
        var calls = Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            try
            {
                await Ledger.Reserve("lead:rush", 1);
            }
            catch (LedgerException)
            {
                // Only the allowance is being counted; a lost race for credits is irrelevant here.
            }
        }));
        await Task.WhenAll(calls);

        var entries = await Ledger.History("lead:rush");
        Assert.That(entries.Count(e => e.Kind == EntryKind.Grant), Is.EqualTo(1));
        var balance = await Ledger.Balance("lead:rush");
        Assert.That(balance.Available + balance.Held, Is.EqualTo(20));
        Assert.That(balance.Held, Is.EqualTo(20), "all twenty reserves of one credit succeeded");
    }

    [Test]
    public async Task The_allowance_size_is_configurable()
    {
        Ledger.Options.LeadAllowanceCredits = 50;

        Assert.That((await Ledger.Balance("lead:big")).Available, Is.EqualTo(50));
    }

    [Test]
    public async Task Claiming_a_lead_moves_what_is_left_keeping_bucket_expiry_and_priority()
    {
        var hold = await Ledger.Reserve("lead:v1", 5);
        await Ledger.Commit(hold.HoldId);
        await Ledger.Grant("lead:v1", 7, Bucket.Promo, expiresIn: TimeSpan.FromDays(3), priority: 42);

        var claim = await Claim("lead:v1", "user:u1");

        Assert.That(claim.Moved, Is.EqualTo(22));
        Assert.That(claim.Balance.Available, Is.EqualTo(22));
        Assert.That(claim.Balance.Buckets.Select(b => (b.Bucket, b.Available)),
            Is.EqualTo(new[] { (Bucket.Lead, 15L), (Bucket.Promo, 7L) }));
        Assert.That(claim.Balance.NextExpiry!.ExpiresAt, Is.EqualTo(LedgerHarness.Start + TimeSpan.FromDays(3)));
        await using var db = Ledger.Database.Open();
        var promo = await db.Lots.SingleAsync(lot => lot.AccountId == "user:u1" && lot.Bucket == (int)Bucket.Promo);
        Assert.That(promo.Priority, Is.EqualTo(42));
        var leadBalance = await Ledger.Balance("lead:v1");
        Assert.That(leadBalance.Available, Is.Zero);
        Assert.That((await Ledger.History("lead:v1")).Last().Kind, Is.EqualTo(EntryKind.TransferOut));
        Assert.That((await Ledger.History("user:u1")).Single().Kind, Is.EqualTo(EntryKind.TransferIn));
    }

    [Test]
    public async Task Claiming_an_unused_lead_moves_its_allowance()
    {
        var claim = await Claim("lead:fresh", "user:u1");

        Assert.That(claim.Moved, Is.EqualTo(20));
        Assert.That((await Ledger.Balance("user:u1")).Available, Is.EqualTo(20));
    }

    [Test]
    public async Task A_claim_retried_with_the_same_key_is_applied_once()
    {
        await Claim("lead:v1", "user:u1", key: "claim-1");

        var retry = await Claim("lead:v1", "user:u1", key: "claim-1");

        Assert.That(retry.Moved, Is.EqualTo(20), "the first response");
        Assert.That((await Ledger.Balance("user:u1")).Available, Is.EqualTo(20));
        Assert.That(await Ledger.History("user:u1"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Concurrent_claims_of_one_lead_by_one_user_move_the_credits_once()
    {
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => Claim("lead:v1", "user:u1", key: $"claim-{i}"))));

        Assert.That((await Ledger.Balance("user:u1")).Available, Is.EqualTo(20));
    }

    [Test]
    public async Task A_second_claim_to_another_user_fails_with_lead_already_claimed()
    {
        await Claim("lead:v1", "user:u1");

        var error = await Fails(() => Claim("lead:v1", "user:u2"));

        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.LeadAlreadyClaimed));
        Assert.That(error.Metadata["leadAccountId"], Is.EqualTo("lead:v1"));
        Assert.That((await Ledger.Balance("user:u2")).Available, Is.Zero);
    }

    [Test]
    public async Task A_claimed_lead_never_gets_free_credits_again()
    {
        await Claim("lead:v1", "user:u1");

        var balance = await Ledger.Balance("lead:v1");
        var error = await Fails(() => Ledger.Reserve("lead:v1", 1));

        Assert.That(balance.Available, Is.Zero);
        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.InsufficientCredits));
    }

    [Test]
    public async Task Held_lead_credits_stay_with_the_lead_and_can_still_be_committed()
    {
        var hold = await Ledger.Reserve("lead:v1", 6);

        var claim = await Claim("lead:v1", "user:u1");
        var commit = await Ledger.Commit(hold.HoldId);

        Assert.That(claim.Moved, Is.EqualTo(14));
        Assert.That(commit.Committed, Is.EqualTo(6));
    }
}
