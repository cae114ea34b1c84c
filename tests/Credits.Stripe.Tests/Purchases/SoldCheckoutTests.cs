using Credits.Ledger.Data;
using Credits.Stripe.Tests.Support;
using Credits.V1;
using Grpc.Core;

namespace Credits.Stripe.Tests.Purchases;

/// <summary>
/// Issue 13, payments: a checkout grant is tied to what was sold. A signed event proves only that
/// Stripe sent it; the pack is granted for a session this ledger sold, paid the amount and currency
/// Stripe quoted when it was created, and as the pack was then. Anything else grants nothing, is
/// answered 200 (Stripe must stop retrying) and is kept, with its reason, for support.
/// </summary>
public sealed class SoldCheckoutTests(DatabaseProvider provider) : StripeFixture(provider)
{
    private static Metadata AdminHeaders => StripeTestServer.Bearer(StripeTestServer.AdminKey);

    private async Task<UnappliedEvent?> Kept(string eventId)
    {
        var request = new ListUnappliedEventsRequest { PageSize = 100 };
        do
        {
            var page = await Server.Admin.ListUnappliedEventsAsync(request, AdminHeaders);
            if (page.Events.FirstOrDefault(kept => kept.EventId == eventId) is { } found)
            {
                return found;
            }
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return null;
    }

    private Task<string> Completed(Payment payment, string account, string pack, long amountTotal, string currency, string eventId)
    {
        var session = StripeObjects.CheckoutSession(payment, account, pack, amountTotal);
        session["currency"] = currency;
        return Deliver("checkout.session.completed", session, eventId);
    }

    [TestCase(1, "jpy", "amount_mismatch")]
    [TestCase(0, "usd", "amount_mismatch")]
    [TestCase(-5, "usd", "amount_mismatch")]
    [TestCase(TestPacks.StarterAmount, "eur", "currency_mismatch")]
    public async Task A_session_paid_other_than_it_was_sold_for_grants_nothing_and_is_kept_with_its_reason(long amountTotal, string currency,
        string reason)
    {
        var account = NewAccount();
        var payment = Payment.New();
        await Sell(account, payment);
        var eventId = StripeObjects.NewId("evt_");

        var outcome = await Completed(payment, account, TestPacks.Starter, amountTotal, currency, eventId);

        Assert.That(outcome, Is.EqualTo("unapplied"), "answered 200 so Stripe stops retrying");
        Assert.That((await Balance(account)).Available, Is.Zero);
        Assert.That(await History(account), Is.Empty, "no grant, no note");
        Assert.That(await Outbox(account), Is.Empty, "no receipt");
        var kept = await Kept(eventId);
        Assert.That(kept, Is.Not.Null, "kept for support");
        Assert.That((kept!.Type, kept.Reason), Is.EqualTo(("checkout.session.completed", reason)));
        Assert.That(kept.Detail, Does.Contain($"sold for {TestPacks.StarterAmount} usd"));
    }

    [Test]
    public async Task A_session_this_ledger_never_sold_grants_nothing_and_is_kept()
    {
        var account = NewAccount();
        var payment = Payment.New();
        var eventId = StripeObjects.NewId("evt_");

        var outcome = await Completed(payment, account, TestPacks.Starter, TestPacks.StarterAmount, "usd", eventId);

        Assert.That(outcome, Is.EqualTo("unapplied"));
        Assert.That((await Balance(account)).Available, Is.Zero);
        Assert.That(((await Kept(eventId))!.Reason, (await Kept(eventId))!.Detail), Is.EqualTo(("unknown_session", payment.SessionId)));
    }

    [Test]
    public async Task A_session_naming_another_pack_or_account_than_it_was_sold_for_grants_nothing()
    {
        var account = NewAccount();
        var payment = Payment.New();
        await Sell(account, payment);
        var otherPack = StripeObjects.NewId("evt_");
        var otherAccount = StripeObjects.NewId("evt_");

        var pack = await Completed(payment, account, TestPacks.Pro, TestPacks.StarterAmount, "usd", otherPack);
        var someoneElse = await Completed(payment, NewAccount(), TestPacks.Starter, TestPacks.StarterAmount, "usd", otherAccount);

        Assert.That((pack, someoneElse), Is.EqualTo(("unapplied", "unapplied")));
        Assert.That((await Kept(otherPack))!.Reason, Is.EqualTo("pack_mismatch"));
        Assert.That((await Kept(otherAccount))!.Reason, Is.EqualTo("account_mismatch"));
        Assert.That((await Balance(account)).Available, Is.Zero);
    }

    [Test]
    public async Task A_pack_edited_after_its_session_was_sold_grants_what_was_sold()
    {
        var account = NewAccount();
        var payment = Payment.New();
        await Sell(account, payment);
        Server.Reconfigure(("Stripe:Packs:starter:Credits", "1"));
        string outcome;
        try
        {
            outcome = await Deliver("checkout.session.completed",
                StripeObjects.CheckoutSession(payment, account, TestPacks.Starter, TestPacks.StarterAmount));
        }
        finally
        {
            Server.Reconfigure(("Stripe:Packs:starter:Credits", TestPacks.StarterCredits.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.That(outcome, Is.EqualTo("applied"));
        Assert.That((await Balance(account)).Available, Is.EqualTo(TestPacks.StarterCredits), "the credits the customer was sold");
    }

    [Test]
    public async Task A_pack_removed_from_the_catalogue_after_its_session_was_sold_grants_what_was_sold()
    {
        var account = NewAccount();
        var payment = Payment.New();
        (string, string?)[] retired =
        [
            ("Stripe:Packs:retired:Name", "Retired pack"), ("Stripe:Packs:retired:Credits", "70"),
            ("Stripe:Packs:retired:PriceId", "price_retired_test"),
        ];
        StripeApi.Prices["price_retired_test"] = (700, "usd");
        Server.Reconfigure(retired);
        try
        {
            await Sell(account, payment, "retired");
        }
        finally
        {
            Server.Reconfigure(retired.Select(setting => (setting.Item1, (string?)null)).ToArray());
        }

        var outcome = await Deliver("checkout.session.completed", StripeObjects.CheckoutSession(payment, account, "retired", 700));

        Assert.That(outcome, Is.EqualTo("applied"));
        Assert.That((await Balance(account)).Available, Is.EqualTo(70));
    }
}
