using Credits.Ledger.Balances;
using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using Credits.Ledger.Lots;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.FeatureCredits;

/// <summary>
/// Feature-scoped lots on hand-computed cases. Prices (the harness's catalogue): image.generate 5
/// credits a unit, text.summarize 2.
/// </summary>
public sealed class FeatureScopedBurnDownTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private const string Image = "image.generate";
    private const string Text = "text.summarize";

    [Test]
    public async Task A_reserve_by_feature_burns_the_lots_scoped_to_it_before_unscoped_ones()
    {
        var unscoped = await Ledger.Grant("user:1", 20, priority: 0);
        var scoped = await GrantScoped("user:1", 10, [Image], priority: 900);

        await ReserveFeature("user:1", Image, quantity: 1);
        Assert.That((await LastEntry()).Parts, Is.EqualTo(new[] { new LotPart(scoped.LotId, 5) }),
            "scoped first, though the unscoped lot has the lower priority");

        var second = await ReserveFeature("user:1", Image, quantity: 3);
        Assert.That((await LastEntry()).Parts, Is.EqualTo(new[] { new LotPart(scoped.LotId, 5), new LotPart(unscoped.LotId, 10) }));
        Assert.That(second.Balance.Available, Is.EqualTo(10), "available is the unscoped part: 20 - 10");
        Assert.That(second.Balance.Held, Is.EqualTo(20));
        Assert.That(second.Balance.Scoped, Is.EqualTo(new[] { new ScopedBalance([Image], 0, 10) }).Using<ScopedBalance>(SameScoped));
    }

    [Test]
    public async Task A_reserve_by_amount_never_touches_scoped_lots()
    {
        var scoped = await GrantScoped("user:1", 10, [Image]);
        var unscoped = await Ledger.Grant("user:1", 3);

        var refused = (await Assert.ThrowsAsync<LedgerException>(() => Ledger.Reserve("user:1", 5)))!;
        Assert.That(refused.Kind, Is.EqualTo(LedgerErrorKind.InsufficientCredits));
        Assert.That(refused.Metadata["available"], Is.EqualTo("3"));

        var hold = await Ledger.Reserve("user:1", 3);
        Assert.That((await LastEntry()).Parts, Is.EqualTo(new[] { new LotPart(unscoped.LotId, 3) }));
        Assert.That(hold.Balance.Available, Is.Zero);
        Assert.That(hold.Balance.Scoped.Single().Available, Is.EqualTo(10));
        Assert.That(scoped.Balance.Available, Is.Zero, "a scoped grant adds nothing to available");
    }

    [Test]
    public async Task Two_features_each_burn_only_their_own_scoped_lots()
    {
        var images = await GrantScoped("user:1", 10, [Image]);
        var texts = await GrantScoped("user:1", 10, [Text]);
        var unscoped = await Ledger.Grant("user:1", 10);

        await ReserveFeature("user:1", Text, quantity: 6);
        Assert.That((await LastEntry()).Parts, Is.EqualTo(new[] { new LotPart(texts.LotId, 10), new LotPart(unscoped.LotId, 2) }));
        var last = await ReserveFeature("user:1", Image, quantity: 2);
        Assert.That((await LastEntry()).Parts, Is.EqualTo(new[] { new LotPart(images.LotId, 10) }));

        Assert.That(last.Balance.Available, Is.EqualTo(8));
        Assert.That(last.Balance.Scoped, Is.EqualTo(new[] { new ScopedBalance([Image], 0, 10), new ScopedBalance([Text], 0, 10) })
            .Using<ScopedBalance>(SameScoped));
    }

    [Test]
    public async Task A_lot_scoped_to_several_features_pays_for_each_and_its_set_is_normalised()
    {
        var both = await GrantScoped("user:1", 12, [Text, Image, Text]);

        await ReserveFeature("user:1", Image, quantity: 1);
        var text = await ReserveFeature("user:1", Text, quantity: 3);

        Assert.That((await LastEntry()).Parts, Is.EqualTo(new[] { new LotPart(both.LotId, 6) }));
        Assert.That(text.Balance.Scoped, Is.EqualTo(new[] { new ScopedBalance([Image, Text], 1, 11) }).Using<ScopedBalance>(SameScoped));
    }

    [Test]
    public async Task Among_scoped_lots_the_usual_order_holds_and_an_unscoped_lot_expiring_sooner_still_waits()
    {
        var unscopedSoonest = await Ledger.Grant("user:1", 5, expiresIn: TimeSpan.FromDays(1));
        var never = await GrantScoped("user:1", 5, [Image]);
        var later = await GrantScoped("user:1", 5, [Image], expiresIn: TimeSpan.FromDays(30));
        var sooner = await GrantScoped("user:1", 5, [Image], expiresIn: TimeSpan.FromDays(2));

        await ReserveFeature("user:1", Image, quantity: 3);

        Assert.That((await LastEntry()).Parts, Is.EqualTo(new[]
        {
            new LotPart(sooner.LotId, 5), new LotPart(later.LotId, 5), new LotPart(never.LotId, 5),
        }));
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(5), $"{unscopedSoonest.LotId} untouched");
    }

    [Test]
    public async Task Release_and_a_partial_commit_return_credits_to_the_scoped_lots_they_came_from()
    {
        var scoped = await GrantScoped("user:1", 10, [Image]);
        var unscoped = await Ledger.Grant("user:1", 10);

        var first = await ReserveFeature("user:1", Image, quantity: 3);
        var released = await Ledger.Release(first.HoldId);
        Assert.That(released.Balance.Available, Is.EqualTo(10));
        Assert.That(released.Balance.Scoped.Single().Available, Is.EqualTo(10));

        var second = await ReserveFeature("user:1", Image, quantity: 3);
        var committed = await Ledger.Commit(second.HoldId, 7);

        Assert.That((await LastEntry()).Parts, Is.EqualTo(new[] { new LotPart(scoped.LotId, 7) }), "the debit takes the scoped part first");
        Assert.That(committed.Balance.Scoped.Single().Available, Is.EqualTo(3));
        Assert.That(committed.Balance.Available, Is.EqualTo(10), $"the 5 pinned in {unscoped.LotId} went back");
    }

    [Test]
    public async Task Only_scoped_lots_of_another_feature_are_insufficient_credits()
    {
        await GrantScoped("user:1", 100, [Text]);

        var byFeature = (await Assert.ThrowsAsync<LedgerException>(() => ReserveFeature("user:1", Image, quantity: 1)))!;
        var byAmount = (await Assert.ThrowsAsync<LedgerException>(() => Ledger.Reserve("user:1", 1)))!;

        Assert.That(byFeature.Kind, Is.EqualTo(LedgerErrorKind.InsufficientCredits));
        Assert.That(byFeature.Metadata["available"], Is.EqualTo("0"));
        Assert.That(byFeature.Metadata["requested"], Is.EqualTo("5"));
        Assert.That(byAmount.Kind, Is.EqualTo(LedgerErrorKind.InsufficientCredits));
        Assert.That((await Ledger.Balance("user:1")).Held, Is.Zero);
    }

    [Test]
    public async Task Transfers_never_move_scoped_lots_and_a_claimed_lead_keeps_the_scope()
    {
        await GrantScoped("user:1", 10, [Image]);
        await Ledger.Grant("user:1", 5);

        var refused = (await Assert.ThrowsAsync<LedgerException>(() =>
            Ledger.Ledger.TransferAsync(new TransferCommand(LedgerHarness.Caller, "user:1", "user:2", 6, Ledger.NewKey()))))!;
        Assert.That(refused.Kind, Is.EqualTo(LedgerErrorKind.InsufficientCredits));
        Assert.That(refused.Metadata["available"], Is.EqualTo("5"));

        await GrantScoped("lead:7", 8, [Image]);
        var claimed = await Ledger.Ledger.ClaimLeadAsync(new ClaimLeadCommand(LedgerHarness.Caller, "lead:7", "user:7", Ledger.NewKey()));
        var user = await Ledger.Balance("user:7");
        Assert.That(user.Scoped.Single().Available, Is.EqualTo(8), $"moved {claimed.Moved} with the scope kept");
        Assert.That(user.Available, Is.EqualTo(Ledger.Options.LeadAllowanceCredits), "the lead's free allowance stays unscoped");
    }

    [Test]
    public async Task A_scoped_lot_expires_like_any_other()
    {
        await GrantScoped("user:1", 10, [Image], expiresIn: TimeSpan.FromDays(1));

        Ledger.Advance(TimeSpan.FromDays(2));
        await Ledger.Sweeper.SweepOnceAsync();

        var balance = await Ledger.Balance("user:1");
        Assert.That(balance.Scoped, Is.Empty);
        Assert.That((await Ledger.History("user:1")).Last().Amount, Is.EqualTo(-10));
    }

    [Test]
    public async Task A_bad_feature_set_is_a_precise_error_and_changes_nothing()
    {
        var tooMany = Enumerable.Range(0, 17).Select(i => $"feature.{i}").ToArray();

        var many = (await Assert.ThrowsAsync<LedgerException>(() => GrantScoped("user:1", 10, tooMany)))!;
        var blank = (await Assert.ThrowsAsync<LedgerException>(() => GrantScoped("user:1", 10, [Image, ""])))!;

        Assert.That((many.Kind, many.Field), Is.EqualTo((LedgerErrorKind.InvalidRequest, "features")));
        Assert.That((blank.Kind, blank.Field), Is.EqualTo((LedgerErrorKind.InvalidRequest, "features[1]")));
        Assert.That(await Ledger.History("user:1"), Is.Empty);
    }

    [Test]
    public async Task A_retry_naming_the_same_features_in_another_order_returns_the_first_lot()
    {
        var command = Ledger.GrantCommand("user:1", 10) with { Features = [Image, Text] };

        var first = await Ledger.Ledger.GrantAsync(command);
        var retry = await Ledger.Ledger.GrantAsync(command with { Features = [Text, Image] });
        var other = (await Assert.ThrowsAsync<LedgerException>(() => Ledger.Ledger.GrantAsync(command with { Features = [Text] })))!;

        Assert.That(retry.LotId, Is.EqualTo(first.LotId));
        Assert.That(other.Kind, Is.EqualTo(LedgerErrorKind.IdempotencyKeyReused));
    }

    [Test]
    public async Task Concurrent_reserves_by_feature_and_by_amount_use_every_credit_and_amounts_never_pin_scoped_lots()
    {
        // 70 credits; 12 feature reserves of 5 and 6 amount reserves of 5 ask for 90. Whatever the
        // interleaving, all 70 end up held: were 5 unscoped left, nothing was refused (90 > 70);
        // were 5 scoped left, every feature reserve took only scoped credits (it burns them first),
        // 60 of 40.
        var scoped = await GrantScoped("user:hot", 40, [Image]);
        var unscoped = await Ledger.Grant("user:hot", 30);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 18).Select(caller => Task.Run(async () =>
        {
            try
            {
                await (caller % 3 == 0 ? Ledger.Reserve("user:hot", 5) : ReserveFeature("user:hot", Image, quantity: 1));
                return 5;
            }
            catch (LedgerException error) when (error.Kind == LedgerErrorKind.InsufficientCredits)
            {
                return 0;
            }
        })));

        var balance = await Ledger.Balance("user:hot");
        Assert.That(outcomes.Sum(), Is.EqualTo(70));
        Assert.That((balance.Available, balance.Held, balance.Scoped.Single().Available), Is.EqualTo((0L, 70L, 0L)));
        var byAmount = (await Ledger.History("user:hot")).Where(entry => entry.HoldId != "" && entry.Feature == "");
        Assert.That(byAmount.SelectMany(entry => entry.Parts).Select(part => part.LotId), Is.All.EqualTo(unscoped.LotId), $"never {scoped.LotId}");
    }

    private Task<GrantResult> GrantScoped(string account, long amount, string[] features, TimeSpan? expiresIn = null, int? priority = null) =>
        Ledger.Ledger.GrantAsync(Ledger.GrantCommand(account, amount, expiresIn: expiresIn, priority: priority) with { Features = features });

    private Task<ReserveResult> ReserveFeature(string account, string feature, long quantity) =>
        Ledger.Ledger.ReserveAsync(new ReserveCommand(LedgerHarness.Caller, account, null, feature, quantity, null, Ledger.NewKey(),
            LedgerHarness.NoMetadata));

    private async Task<global::Credits.Ledger.Journal.JournalEntry> LastEntry() => (await Ledger.History("user:1")).Last();

    private static bool SameScoped(ScopedBalance left, ScopedBalance right) =>
        left.Features.SequenceEqual(right.Features) && left.Available == right.Available && left.Held == right.Held;
}
