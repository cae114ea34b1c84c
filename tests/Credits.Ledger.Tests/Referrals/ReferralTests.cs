using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using Credits.Ledger.Journal;
using Credits.Ledger.Lots;
using Credits.Ledger.Referrals;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Referrals;

/// <summary>
/// Referrals (issue 18): a stable code per user, applied once to a new user; both sides rewarded at
/// the referee's first payment, once; a monthly cap per referrer. Payments are played as the payment
/// reconciler sends them: the purchase grant and the referral step in one batch.
/// </summary>
public sealed class ReferralTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    protected override LedgerOptions CreateOptions() => new()
    {
        Referrals = new ReferralOptions { ReferrerCredits = 300, RefereeCredits = 200, Validity = TimeSpan.FromDays(30), MonthlyCap = 2 },
    };

    private static readonly string[] OnlyBob = ["user:bob"];

    private Task<string> Code(string account) => Ledger.Ledger.GetReferralCodeAsync(account);

    private async Task<ApplyReferralResult> Apply(string referee, string referrer, string? key = null) =>
        await Ledger.Ledger.ApplyReferralAsync(new ApplyReferralCommand(LedgerHarness.Caller, referee, await Code(referrer), key ?? Ledger.NewKey()));

    /// <summary>A successful payment as the reconciler records it: the purchase and the referral step in one transaction.</summary>
    private async Task<RewardReferralResult> Pay(string account, string session, long credits = 100)
    {
        var grant = Ledger.GrantCommand(account, credits, key: $"stripe:purchase:{session}") with { PaymentReference = $"stripe:purchase:{session}" };
        var reward = new RewardReferralCommand("stripe", account, await Ledger.Ledger.ReferrerOfAsync(account, CancellationToken.None), session,
            $"stripe:purchase:{session}:referral");
        var outcomes = await Ledger.Ledger.ExecuteBatchAsync([grant, reward]);
        return outcomes[1].ResultOf(reward);
    }

    private async Task<long> ReferralCredits(string account) =>
        (await Ledger.Balance(account)).Buckets.Where(bucket => bucket.Bucket == Bucket.Referral).Sum(bucket => bucket.Available);

    [Test]
    public async Task A_code_is_stable_human_friendly_and_applies_however_it_is_typed()
    {
        var code = await Code("user:ann");

        Assert.That(code, Does.Match("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$"));
        Assert.That(await Code("user:ann"), Is.EqualTo(code), "asked again, the same code");
        Assert.That(await Code("user:bob"), Is.Not.EqualTo(code));
        var applied = await Ledger.Ledger.ApplyReferralAsync(new ApplyReferralCommand(LedgerHarness.Caller, "user:new",
            " " + code.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant(), "k-1"));
        Assert.That(applied.ReferrerAccountId, Is.EqualTo("user:ann"));
    }

    [Test]
    public async Task The_first_payment_rewards_both_sides_once_with_referral_lots_and_later_payments_reward_nothing()
    {
        await Apply("user:new", "user:ann");
        Assert.That(await ReferralCredits("user:ann") + await ReferralCredits("user:new"), Is.Zero, "nothing before a payment");

        var first = await Pay("user:new", "cs_1");
        var again = await Pay("user:new", "cs_1");
        var second = await Pay("user:new", "cs_2");

        Assert.That((first.State, first.RefereeCredits, first.ReferrerCredits), Is.EqualTo((ReferralState.Rewarded, 200L, 300L)));
        Assert.That((again.RefereeCredits, again.ReferrerCredits), Is.EqualTo((200L, 300L)), "a retried payment answers as the first");
        Assert.That((second.State, second.RefereeCredits, second.ReferrerCredits), Is.EqualTo((ReferralState.Rewarded, 0L, 0L)));
        Assert.That((await ReferralCredits("user:ann"), await ReferralCredits("user:new")), Is.EqualTo((300L, 200L)));
        var lot = (await Ledger.History("user:ann")).Single(entry => entry.Kind == EntryKind.Grant);
        Assert.That((lot.Bucket, lot.Reference, lot.Metadata["referralRole"]), Is.EqualTo(((Bucket?)Bucket.Referral, "user:new", "referrer")));
        Assert.That((await Ledger.Balance("user:ann")).NextExpiry?.ExpiresAt, Is.EqualTo(LedgerHarness.Start + TimeSpan.FromDays(30)));
        var listed = await Ledger.Ledger.ListReferralsAsync("user:ann", 0, "");
        Assert.That(listed.Referrals.Select(row => (row.RefereeAccountId, row.State)), Is.EqualTo(new[] { ("user:new", ReferralState.Rewarded) }));
    }

    [Test]
    public async Task A_payment_of_an_account_nobody_referred_rewards_nothing_and_ends_its_newness()
    {
        var result = await Pay("user:solo", "cs_solo");

        Assert.That((result.State, result.RefereeCredits), Is.EqualTo((ReferralState.None, 0L)));
        var error = await Fails(() => Apply("user:solo", "user:ann"));
        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.ReferralNotNew));
    }

    [Test]
    public async Task Each_refusal_names_its_reason_and_changes_nothing()
    {
        await Apply("user:bob", "user:ann");
        await Ledger.Grant("user:payer", 10, Bucket.Purchased);

        var self = await Fails(() => Apply("user:ann", "user:ann"));
        var circular = await Fails(() => Apply("user:ann", "user:bob"));
        var referredOthers = await Fails(() => Apply("user:ann", "user:carl"));
        var already = await Fails(() => Apply("user:bob", "user:carl"));
        var notNew = await Fails(() => Apply("user:payer", "user:ann"));
        var unknown = await Fails(() => Ledger.Ledger.ApplyReferralAsync(new ApplyReferralCommand(LedgerHarness.Caller, "user:dan", "ZZZZ-ZZZZ-ZZZZ", "k-u")));
        var malformed = await Fails(() => Ledger.Ledger.ApplyReferralAsync(new ApplyReferralCommand(LedgerHarness.Caller, "user:dan", "not a code!", "k-m")));

        Assert.That(new[] { self.Kind, circular.Kind, referredOthers.Kind, already.Kind, notNew.Kind, unknown.Kind },
            Is.EqualTo(new[]
            {
                LedgerErrorKind.ReferralSelf, LedgerErrorKind.ReferralCircular, LedgerErrorKind.ReferralCircular,
                LedgerErrorKind.AlreadyReferred, LedgerErrorKind.ReferralNotNew, LedgerErrorKind.ReferralCodeNotFound,
            }));
        Assert.That((malformed.Kind, malformed.Metadata["field"]), Is.EqualTo((LedgerErrorKind.InvalidRequest, "code")));
        Assert.That((await Apply("user:bob", "user:ann")).ReferrerAccountId, Is.EqualTo("user:ann"), "the same referral asked again answers as applied");
        Assert.That((await Ledger.Ledger.ListReferralsAsync("user:ann", 0, "")).Referrals.Select(row => row.RefereeAccountId),
            Is.EqualTo(OnlyBob));
        Assert.That((await Ledger.Ledger.ListReferralsAsync("user:carl", 0, "")).Referrals, Is.Empty);
    }

    [Test]
    public async Task Past_the_monthly_cap_a_referral_is_recorded_as_capped_and_the_next_month_pays_again()
    {
        foreach (var referee in Enumerable.Range(1, 4).Select(i => $"user:r{i}"))
        {
            await Apply(referee, "user:ann");
        }
        Ledger.Advance(TimeSpan.FromDays(30)); // 2026-01-31

        var january = new[] { await Pay("user:r1", "cs_r1"), await Pay("user:r2", "cs_r2"), await Pay("user:r3", "cs_r3") };
        Ledger.Advance(TimeSpan.FromDays(1)); // 2026-02-01: a new month
        var february = await Pay("user:r4", "cs_r4");

        Assert.That(january.Select(result => (result.State, result.ReferrerCredits)), Is.EqualTo(new[]
        {
            (ReferralState.Rewarded, 300L), (ReferralState.Rewarded, 300L), (ReferralState.Capped, 0L),
        }));
        Assert.That(january[2].RefereeCredits, Is.EqualTo(200), "the referee is rewarded whatever the referrer's cap");
        Assert.That((february.State, february.ReferrerCredits), Is.EqualTo((ReferralState.Rewarded, 300L)));
        Assert.That(await ReferralCredits("user:ann"), Is.EqualTo(900));
        var page = await Ledger.Ledger.ListReferralsAsync("user:ann", 3, "");
        var rest = await Ledger.Ledger.ListReferralsAsync("user:ann", 3, page.NextPageToken);
        Assert.That(page.Referrals.Concat(rest.Referrals).Select(row => (row.RefereeAccountId, row.State)), Is.EquivalentTo(new[]
        {
            ("user:r1", ReferralState.Rewarded), ("user:r2", ReferralState.Rewarded), ("user:r3", ReferralState.Capped), ("user:r4", ReferralState.Rewarded),
        }));
        Assert.That(rest.NextPageToken, Is.Empty);
    }

    [Test]
    public async Task Of_referrers_racing_to_claim_one_referee_exactly_one_wins()
    {
        var referrers = Enumerable.Range(0, 8).Select(i => $"user:ref{i}").ToList();
        var codes = await Task.WhenAll(referrers.Select(Code));

        var outcomes = await Task.WhenAll(codes.Select(async code =>
        {
            try
            {
                return (await Ledger.Ledger.ApplyReferralAsync(new ApplyReferralCommand(LedgerHarness.Caller, "user:new", code, Ledger.NewKey()))).ReferrerAccountId;
            }
            catch (LedgerException error)
            {
                return error.Kind.ToString();
            }
        }));

        var winners = outcomes.Where(outcome => outcome.StartsWith("user:", StringComparison.Ordinal)).ToList();
        Assert.That(winners, Has.Count.EqualTo(1));
        Assert.That(outcomes.Where(outcome => !outcome.StartsWith("user:", StringComparison.Ordinal)), Is.All.EqualTo(nameof(LedgerErrorKind.AlreadyReferred)));
        var reward = await Pay("user:new", "cs_race");
        Assert.That(reward.ReferrerCredits, Is.EqualTo(300));
        Assert.That(await ReferralCredits(winners[0]), Is.EqualTo(300), "the winner, and only it, is paid");
    }

    [Test]
    public async Task A_referral_applied_after_the_payment_read_its_referrer_refuses_the_step_until_it_is_read_again()
    {
        var stale = new RewardReferralCommand("stripe", "user:new", null, "cs_stale", "stripe:purchase:cs_stale:referral");
        await Apply("user:new", "user:ann");

        var outcome = (await Ledger.Ledger.ExecuteBatchAsync([stale]))[0];
        var retried = await Pay("user:new", "cs_stale");

        Assert.That(outcome.Error?.Kind, Is.EqualTo(LedgerErrorKind.Unavailable));
        Assert.That((retried.State, retried.ReferrerCredits), Is.EqualTo((ReferralState.Rewarded, 300L)));
    }
}
