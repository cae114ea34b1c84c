using Credits.Ledger.Data;
using Credits.Ledger.Notifications;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Notifications;

/// <summary>
/// Each notification suggests, when it fires, the smallest pack whose credits cover the last 30 days'
/// use (30 × the burn rate on the account row), else the largest, and links to PurchaseUrl?pack=id.
/// </summary>
public sealed class SuggestedPackTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private static readonly SuggestablePack[] Packs =
    [
        new("large", 3000, 9900), new("small", 400, 1500), new("medium", 1000, 2900),
    ];

    protected override LedgerOptions CreateOptions()
    {
        var options = new LedgerOptions();
        options.Notifications.Packs = Packs;
        options.Notifications.PurchaseUrl = "https://shop.example/buy?from=app";
        return options;
    }

    private async Task<AccountNotification> LowBalance(string account) =>
        (await new NotificationInbox(Ledger.Database).ListAsync(account, 0, 100, unreadOnly: false))
        .Single(note => note.Kind == NotificationKind.LowBalance);

    /// <summary>Grants <paramref name="credits"/>, then spends a tenth of them a day for 8 days: the 20% threshold fires on the last.</summary>
    private async Task BurnToTwentyPercent(string account, long credits)
    {
        await Ledger.Grant(account, credits);
        for (var day = 0; day < 8; day++)
        {
            Ledger.Advance(TimeSpan.FromDays(1));
            var hold = await Ledger.Reserve(account, credits / 10);
            await Ledger.Commit(hold.HoldId);
        }
    }

    [Test]
    public async Task A_low_balance_notification_suggests_the_smallest_pack_covering_30_days_of_use_with_its_link()
    {
        await BurnToTwentyPercent("user:steady", 100);

        var note = await LowBalance("user:steady");
        Assert.That((note.SuggestedPackId, note.PurchaseUrl), Is.EqualTo(("small", "https://shop.example/buy?from=app&pack=small")),
            "10 a day: about 300 in 30 days, which 400 covers");
    }

    [Test]
    public async Task A_bigger_use_picks_a_bigger_pack_and_the_largest_when_none_covers_it()
    {
        await BurnToTwentyPercent("user:busy", 500);
        await BurnToTwentyPercent("user:heavy", 5000);

        Assert.That((await LowBalance("user:busy")).SuggestedPackId, Is.EqualTo("large"), "50 a day: about 1,500, more than 1,000");
        Assert.That((await LowBalance("user:heavy")).SuggestedPackId, Is.EqualTo("large"), "500 a day: 15,000, no pack covers it");
    }

    [Test]
    public async Task No_use_or_no_packs_suggest_nothing()
    {
        await Ledger.Grant("user:new", 100);
        var hold = await Ledger.Reserve("user:new", 85);
        await Ledger.Commit(hold.HoldId);
        Ledger.Options.Notifications.Packs = [];
        await BurnToTwentyPercent("user:nocatalogue", 100);

        Assert.That(((await LowBalance("user:new")).SuggestedPackId, (await LowBalance("user:new")).PurchaseUrl), Is.EqualTo(("", "")),
            "less than a day of spending is no use yet");
        Assert.That((await LowBalance("user:nocatalogue")).SuggestedPackId, Is.Empty, "no pack on sale");
    }

    [TestCase("https://shop.example/buy", "big pack", "https://shop.example/buy?pack=big%20pack")]
    [TestCase("https://shop.example/buy?from=mail", "a&b", "https://shop.example/buy?from=mail&pack=a%26b")]
    [TestCase("https://shop.example/buy?", "small", "https://shop.example/buy?pack=small")]
    [TestCase("https://shop.example/buy#packs", "small", "https://shop.example/buy?pack=small#packs")]
    [TestCase("", "small", "")]
    public void The_link_adds_the_escaped_pack_id_to_the_purchase_urls_query(string purchaseUrl, string packId, string link) =>
        Assert.That(PackSuggestion.Link(purchaseUrl, packId), Is.EqualTo(link));

    [Test]
    public void Ties_in_credits_go_to_the_cheaper_pack_then_the_lower_id()
    {
        SuggestablePack[] tied = [new("b", 500, 900), new("a", 500, 900), new("c", 500, 500)];

        Assert.That(PackSuggestion.Choose(tied, 100)?.PackId, Is.EqualTo("c"));
        Assert.That(PackSuggestion.Choose(tied[..2], 100)?.PackId, Is.EqualTo("a"));
    }
}
