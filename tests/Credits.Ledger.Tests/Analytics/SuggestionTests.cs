using Credits.Ledger.Analytics;
using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Lots;
using Credits.Ledger.Tests.Support;
using Credits.Testing;

namespace Credits.Ledger.Tests.Analytics;

/// <summary>
/// GetSuggestions on hand-computed cases: image.generate costs 5 a unit and declares text.summarize
/// (2 a unit) as its cheaper variant; tier "basic" gives 200 credits a month for 500 cents, "pro"
/// 400 for 1,200, "euro" is priced in another currency.
/// </summary>
public sealed class SuggestionTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private static readonly SuggestionCatalog Catalog = new(
        new Dictionary<string, long> { ["image.generate"] = 5, ["text.summarize"] = 2 },
        new Dictionary<string, string> { ["image.generate"] = "text.summarize" },
        [new TierOffer("basic", 200, 1, 500, "usd"), new TierOffer("pro", 400, 1, 1_200, "usd"), new TierOffer("euro", 1_000, 1, 1, "eur")]);

    private Suggestions Suggestions => new(Ledger.Usage, new Forecasts(Ledger.Usage, Ledger.Time), Ledger.Time);

    private async Task SpendFeatureAsync(string feature, long quantity)
    {
        var hold = await Ledger.Ledger.ReserveAsync(new ReserveCommand(LedgerHarness.Caller, "user:1", null, feature, quantity, null, Ledger.NewKey(), LedgerHarness.NoMetadata));
        await Ledger.Commit(hold.HoldId);
    }

    private async Task PaidAsync(long amountCents, string currency)
    {
        var now = Ledger.Time.GetUtcNow().ToUnixTimeMilliseconds();
        await TestSql.ExecuteAsync(Ledger.Database,
            "INSERT INTO payments (payment_id, account_id, session_id, pack_id, credits, bonus_credits, amount_total, currency, status, paid_at_ms, created_at_ms, updated_at_ms) " +
            "VALUES (@id, 'user:1', @id, 'starter', 100, 0, @amount, @currency, 3, @now, @now, @now)",
            ("@id", $"pi_{Guid.NewGuid():N}"), ("@amount", amountCents), ("@currency", currency), ("@now", now));
    }

    [Test]
    public async Task A_feature_with_a_cheaper_variant_shows_the_credits_the_same_units_would_have_saved()
    {
        await Ledger.Grant("user:1", 1_000);
        await SpendFeatureAsync("image.generate", 4);      // 20 credits
        Ledger.Advance(TimeSpan.FromDays(2));

        var advice = await Suggestions.GetSuggestionsAsync("user:1", Catalog);

        Assert.That(advice.Select(s => (s.Kind, s.Feature, s.Alternative, s.SavingCredits)),
            Is.EqualTo(new[] { (SuggestionKind.CheaperFeature, "image.generate", "text.summarize", 12L) }), "20 x (5 - 2) / 5");
        Assert.That(advice[0].Message, Is.EqualTo("image.generate cost 20 credits in 30 days at 5 a unit; text.summarize costs 2: 12 credits less."));
    }

    [Test]
    public async Task Credits_that_will_expire_unspent_are_advised_for_use_first()
    {
        await Ledger.Grant("user:1", 100);
        var soon = await Ledger.Grant("user:1", 40, Bucket.Promo, expiresIn: TimeSpan.FromDays(3));
        Ledger.Advance(TimeSpan.FromDays(1));

        var advice = await Suggestions.GetSuggestionsAsync("user:1", Catalog);

        Assert.That(advice.Select(s => (s.Kind, s.LotId, s.SavingCredits, s.ExpiresAt)),
            Is.EqualTo(new[] { (SuggestionKind.UseExpiringCredits, soon.LotId, 40L, (DateTimeOffset?)LedgerHarness.Start.AddDays(3)) }));
    }

    [Test]
    public async Task The_cheapest_tier_covering_the_monthly_use_is_proposed_when_it_costs_less_than_the_packs_bought()
    {
        await Ledger.Grant("user:1", 1_000);
        await SpendFeatureAsync("text.summarize", 150);    // 300 credits in the window: 100 a month
        await PaidAsync(1_000, "usd");
        await PaidAsync(1_000, "usd");
        Ledger.Advance(TimeSpan.FromDays(1));

        var advice = await Suggestions.GetSuggestionsAsync("user:1", Catalog);

        var subscription = advice.Single(s => s.Kind == SuggestionKind.SubscriptionCheaper);
        Assert.That((subscription.TierId, subscription.SavingAmount, subscription.Currency), Is.EqualTo(("basic", 500L, "usd")),
            "packs cost 2,000 cents; basic covers 100 a month for 3 x 500 = 1,500");
        Assert.That(advice[0], Is.SameAs(subscription), "money savings come first");
    }

    [Test]
    public async Task No_tier_is_proposed_when_the_packs_cost_less()
    {
        await Ledger.Grant("user:1", 1_000);
        await SpendFeatureAsync("text.summarize", 150);
        await PaidAsync(1_200, "usd");
        Ledger.Advance(TimeSpan.FromDays(1));

        var advice = await Suggestions.GetSuggestionsAsync("user:1", Catalog);

        Assert.That(advice.Where(s => s.Kind == SuggestionKind.SubscriptionCheaper), Is.Empty, "basic would cost 1,500 cents over the 3 months");
    }

    [Test]
    public async Task An_account_with_nothing_to_advise_gets_no_suggestions()
    {
        await Ledger.Grant("user:1", 100);

        Assert.That(await Suggestions.GetSuggestionsAsync("user:1", Catalog), Is.Empty);
        Assert.That(await Suggestions.GetSuggestionsAsync("user:nobody", Catalog), Is.Empty);
    }
}
