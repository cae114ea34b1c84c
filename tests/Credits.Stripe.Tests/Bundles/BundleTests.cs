using System.Globalization;
using Credits.Ledger.Data;
using Credits.Stripe.Tests.Support;
using Credits.Testing;
using Credits.V1;

namespace Credits.Stripe.Tests.Bundles;

/// <summary>
/// Bundles: a pack may grant further lots beside its purchased credits (Stripe:Packs:{id}:Lots),
/// each with its own bucket, validity in days and features. The sold checkout keeps them, so the
/// paid session grants what was sold whatever the catalogue says by then; every lot is granted
/// once, in one transaction; a refund takes back the same fraction of every lot.
/// </summary>
public sealed class BundleTests(DatabaseProvider provider) : StripeFixture(provider)
{
    private const long Credits = 1000;
    private const long Amount = 5000;
    private const long GiftCredits = 200;
    private const int GiftDays = 30;
    private const long ScopedCredits = 400;
    private const int ScopedDays = 90;
    private const string Feature = "image.generate";

    private int _bundles;

    /// <summary>Adds a bundle to the running catalogue: 1000 purchased credits, 200 gift credits for 30 days, 400 promo credits for 90 days scoped to one feature.</summary>
    private string Bundle()
    {
        var packId = $"bundle-{++_bundles}";
        var prefix = $"Stripe:Packs:{packId}:";
        Server.Reconfigure(
            (prefix + "Name", "Creator bundle"),
            (prefix + "Credits", Credits.ToString(CultureInfo.InvariantCulture)),
            (prefix + "PriceId", TestPacks.StarterPrice),
            (prefix + "Label", "Save 20%"),
            (prefix + "Lots:0:Bucket", "gift"),
            (prefix + "Lots:0:Credits", GiftCredits.ToString(CultureInfo.InvariantCulture)),
            (prefix + "Lots:0:ValidityDays", GiftDays.ToString(CultureInfo.InvariantCulture)),
            (prefix + "Lots:1:Bucket", "promo"),
            (prefix + "Lots:1:Credits", ScopedCredits.ToString(CultureInfo.InvariantCulture)),
            (prefix + "Lots:1:ValidityDays", ScopedDays.ToString(CultureInfo.InvariantCulture)),
            (prefix + "Lots:1:Features:0", Feature));
        return packId;
    }

    private static readonly string[] BundleSettings = ["Name", "Credits", "PriceId", "Label", "Lots:0:Bucket", "Lots:0:Credits",
        "Lots:0:ValidityDays", "Lots:1:Bucket", "Lots:1:Credits", "Lots:1:ValidityDays", "Lots:1:Features:0"];

    // Out of the catalogue again, so that other specs listing every pack see only theirs.
    private void Remove(string packId) =>
        Server.Reconfigure([.. BundleSettings.Select(key => ($"Stripe:Packs:{packId}:{key}", (string?)null))]);

    /// <summary>The account's lots: bucket, amount, remaining, expiry and features as stored.</summary>
    private Task<List<(int Bucket, long Amount, long Remaining, long? ExpiresAtMs, string Features)>> Lots(string account) =>
        TestSql.QueryAsync(Server.Database,
            "SELECT bucket, amount, remaining, expires_at_ms, features FROM lots WHERE account_id = @account ORDER BY bucket",
            reader => (reader.GetInt32(0), reader.GetInt64(1), reader.GetInt64(2), reader.IsDBNull(3) ? (long?)null : reader.GetInt64(3), reader.GetString(4)),
            ("account", account));

    private static (int, long, long, long?, string)[] Granted(DateTimeOffset paidAt, long purchased, long gift, long scoped) =>
    [
        ((int)Bucket.Purchased, Credits, purchased, null, ""),
        ((int)Bucket.Gift, GiftCredits, gift, paidAt.AddDays(GiftDays).ToUnixTimeMilliseconds(), ""),
        ((int)Bucket.Promo, ScopedCredits, scoped, paidAt.AddDays(ScopedDays).ToUnixTimeMilliseconds(), $"[\"{Feature}\"]"),
    ];

    [Test]
    public async Task A_paid_bundle_grants_each_lot_with_its_own_validity_and_features_and_a_receipt_listing_them()
    {
        var packId = Bundle();
        var account = NewAccount();
        var payment = Payment.New();

        var outcome = await Paid(account, payment, packId, Amount);

        Assert.That(outcome, Is.EqualTo("applied"));
        Assert.That(await Lots(account), Is.EqualTo(Granted(Now, Credits, GiftCredits, ScopedCredits)));
        Assert.That((await Balance(account)).Available, Is.EqualTo(Credits + GiftCredits), "the scoped lot pays only its feature");
        var lots = (await Outbox(account)).Single().Payload["lots"]!.AsArray();
        Assert.That(lots.Select(lot => ((string)lot!["bucket"]!, (long)lot["credits"]!, lot["features"]!.AsArray().Count)),
            Is.EqualTo(new[] { ("purchased", Credits, 0), ("gift", GiftCredits, 0), ("promo", ScopedCredits, 1) }));
        Remove(packId);
    }

    [Test]
    public async Task A_catalogue_change_after_the_checkout_does_not_change_what_the_paid_session_grants()
    {
        var packId = Bundle();
        var account = NewAccount();
        var payment = Payment.New();
        await Sell(account, payment, packId, Amount);
        Server.Reconfigure(($"Stripe:Packs:{packId}:Lots:0:Credits", "9999"), ($"Stripe:Packs:{packId}:Lots:1:Features:0", "other"));

        await Deliver("checkout.session.completed", StripeObjects.CheckoutSession(payment, account, packId, Amount));

        Assert.That(await Lots(account), Is.EqualTo(Granted(Now, Credits, GiftCredits, ScopedCredits)));
        Remove(packId);
    }

    [Test]
    public async Task A_duplicated_webhook_grants_the_bundle_once()
    {
        var packId = Bundle();
        var account = NewAccount();
        var payment = Payment.New();
        await Sell(account, payment, packId, Amount);
        var session = StripeObjects.CheckoutSession(payment, account, packId, Amount);

        await Deliver("checkout.session.completed", session);
        var again = await Deliver("checkout.session.completed", session);
        var other = await Deliver("checkout.session.async_payment_succeeded", session);

        Assert.That((again, other), Is.EqualTo(("unchanged", "unchanged")));
        Assert.That(await Lots(account), Is.EqualTo(Granted(Now, Credits, GiftCredits, ScopedCredits)));
        Assert.That(await Outbox(account), Has.Count.EqualTo(1), "one receipt");
        Remove(packId);
    }

    [Test]
    public async Task A_partial_then_full_refund_takes_back_the_same_fraction_of_every_lot_from_the_lots_it_granted()
    {
        var packId = Bundle();
        var account = NewAccount();
        var payment = Payment.New();
        await Paid(account, payment, packId, Amount);
        var paidAt = Now;

        await Refunded(payment, StripeObjects.NewId("re_"), Amount / 4);
        Assert.That(await Lots(account), Is.EqualTo(Granted(paidAt, Credits * 3 / 4, GiftCredits * 3 / 4, ScopedCredits * 3 / 4)));

        await Refunded(payment, StripeObjects.NewId("re_"), Amount * 3 / 4);
        Assert.That(await Lots(account), Is.EqualTo(Granted(paidAt, 0, 0, 0)));
        var balance = await Balance(account);
        Assert.That((balance.Available, balance.Owed), Is.EqualTo((0L, 0L)));
        Remove(packId);
    }

    [Test]
    public async Task ListPacks_shows_a_bundles_lots_in_grant_order_and_its_label()
    {
        var packId = Bundle();

        var listed = (await Server.Grpc.ListPacksAsync(new ListPacksRequest(), StripeTestServer.Bearer(StripeTestServer.ReaderKey)))
            .Packs.Single(pack => pack.PackId == packId);

        Assert.That(listed.Label, Is.EqualTo("Save 20%"));
        Assert.That(listed.Lots, Is.EqualTo(new[]
        {
            new PackLot { Bucket = Bucket.Purchased, Credits = Credits },
            new PackLot { Bucket = Bucket.Gift, Credits = GiftCredits, ValidityDays = GiftDays },
            new PackLot { Bucket = Bucket.Promo, Credits = ScopedCredits, ValidityDays = ScopedDays, Features = { Feature } },
        }));
        Remove(packId);
    }

    [Test]
    public async Task An_open_dispute_freezes_every_lot_of_the_bundle_and_a_lost_one_takes_every_lot_back()
    {
        var packId = Bundle();
        var account = NewAccount();
        var payment = Payment.New();
        var disputeId = StripeObjects.NewId("dp_");
        await Paid(account, payment, packId, Amount);
        var paidAt = Now;

        await Disputed(payment, disputeId, Amount, "needs_response", "charge.dispute.created");
        Assert.That((await Balance(account)).Frozen, Is.EqualTo(Credits + GiftCredits + ScopedCredits));

        await Disputed(payment, disputeId, Amount, "lost", "charge.dispute.closed");
        var balance = await Balance(account);
        Assert.That((balance.Available, balance.Frozen, balance.Owed), Is.EqualTo((0L, 0L, 0L)));
        Assert.That(await Lots(account), Is.EqualTo(Granted(paidAt, 0, 0, 0)));
        Remove(packId);
    }

    [Test]
    public async Task A_refund_that_fails_gives_every_lot_back_what_it_took()
    {
        var packId = Bundle();
        var account = NewAccount();
        var payment = Payment.New();
        var refundId = StripeObjects.NewId("re_");
        await Paid(account, payment, packId, Amount);
        var paidAt = Now;

        await Refunded(payment, refundId, Amount / 2);
        await Refunded(payment, refundId, Amount / 2, status: "failed", type: "refund.failed");

        Assert.That(await Lots(account), Is.EqualTo(Granted(paidAt, Credits, GiftCredits, ScopedCredits)));
        Remove(packId);
    }
}
