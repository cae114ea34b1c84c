using System.Globalization;
using Credits.Ledger.Data;
using Credits.Stripe.Tests.Support;
using Credits.V1;
using Grpc.Core;

namespace Credits.Stripe.Tests.Checkout;

/// <summary>
/// Offers: packs on sale in a window [available_from, available_until), at most max_per_account
/// times per account, or only to an account that never bought. CreateCheckoutSession refuses the
/// rest with FAILED_PRECONDITION OFFER_NOT_AVAILABLE, ListPacks(account_id) leaves them out, and a
/// session sold while the offer ran is granted when paid, whenever that is. Each test configures its
/// own offer (at the price of the starter pack), relative to the fixture's clock, which only moves on.
/// </summary>
public sealed class OfferTests(DatabaseProvider provider) : StripeFixture(provider)
{
    private const long OfferCredits = 300;

    private int _offers;

    /// <summary>Adds an offer to the running server's catalogue; its window is relative to now.</summary>
    private string Offer(TimeSpan? startsIn = null, TimeSpan? endsIn = null, int? maxPerAccount = null, bool firstPurchaseOnly = false)
    {
        var packId = $"offer-{++_offers}";
        var prefix = $"Stripe:Packs:{packId}:";
        var settings = new List<(string, string?)>
        {
            (prefix + "Credits", OfferCredits.ToString(CultureInfo.InvariantCulture)),
            (prefix + "PriceId", TestPacks.StarterPrice),
            (prefix + "FirstPurchaseOnly", firstPurchaseOnly ? "true" : "false"),
        };
        if (startsIn is { } start)
        {
            settings.Add((prefix + "AvailableFrom", (Now + start).ToString("O", CultureInfo.InvariantCulture)));
        }
        if (endsIn is { } end)
        {
            settings.Add((prefix + "AvailableUntil", (Now + end).ToString("O", CultureInfo.InvariantCulture)));
        }
        if (maxPerAccount is { } max)
        {
            settings.Add((prefix + "MaxPerAccount", max.ToString(CultureInfo.InvariantCulture)));
        }
        Server.Reconfigure([.. settings]);
        return packId;
    }

    private Task<CreateCheckoutSessionResponse> Checkout(string account, string packId, string? key = null) =>
        Server.Grpc.CreateCheckoutSessionAsync(new CreateCheckoutSessionRequest
        {
            AccountId = account,
            PackId = packId,
            SuccessUrl = "https://shop.example.com/thanks",
            CancelUrl = "https://shop.example.com/pricing",
            IdempotencyKey = key ?? $"offer-{Guid.NewGuid():N}",
        }, StripeTestServer.Bearer(StripeTestServer.ShopKey)).ResponseAsync;

    /// <summary>The reason OFFER_NOT_AVAILABLE gives (its <c>why</c>), after checking the status and the pack named.</summary>
    private async Task<string> Refusal(string account, string packId)
    {
        var error = await RpcFailure(() => Checkout(account, packId));
        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
        var info = ErrorInfoOf(error);
        Assert.That((info.Reason, info.Metadata["packId"]), Is.EqualTo(("OFFER_NOT_AVAILABLE", packId)));
        return info.Metadata["why"];
    }

    private async Task<List<string>> Listed(string account = "")
    {
        var response = await Server.Grpc.ListPacksAsync(new ListPacksRequest { AccountId = account }, StripeTestServer.Bearer(StripeTestServer.ReaderKey));
        return [.. response.Packs.Select(pack => pack.PackId)];
    }

    [Test]
    public async Task The_window_opens_at_available_from_and_closes_at_available_until_exactly()
    {
        var offer = Offer(startsIn: TimeSpan.FromHours(1), endsIn: TimeSpan.FromHours(2));
        var account = NewAccount();

        Assert.That(await Refusal(account, offer), Is.EqualTo("not_started"));
        Assert.That(await Listed(), Does.Not.Contain(offer));

        Time.Advance(TimeSpan.FromHours(1));
        Assert.That(await Listed(), Does.Contain(offer));
        await Checkout(account, offer);

        Time.Advance(TimeSpan.FromHours(1) - TimeSpan.FromMilliseconds(1));
        await Checkout(account, offer);

        Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(await Refusal(account, offer), Is.EqualTo("ended"));
        Assert.That(await Listed(account), Does.Not.Contain(offer));
    }

    [Test]
    public async Task A_session_sold_while_the_offer_ran_is_granted_when_paid_after_it_ended()
    {
        var offer = Offer(endsIn: TimeSpan.FromMinutes(30));
        var account = NewAccount();
        var payment = Payment.New();
        await Sell(account, payment, offer);

        Time.Advance(TimeSpan.FromHours(1));
        var outcome = await Deliver("checkout.session.completed", StripeObjects.CheckoutSession(payment, account, offer, TestPacks.StarterAmount));

        Assert.That(outcome, Is.EqualTo("applied"));
        Assert.That(Buckets(await Balance(account))[Bucket.Purchased], Is.EqualTo(OfferCredits));
    }

    [Test]
    public async Task An_account_holding_its_limit_is_refused_and_does_not_see_the_offer_while_others_still_do()
    {
        var offer = Offer(maxPerAccount: 2);
        var account = NewAccount();
        await Paid(account, Payment.New(), offer, TestPacks.StarterAmount);
        await Checkout(account, offer);

        Assert.That(await Refusal(account, offer), Is.EqualTo("limit_reached"));
        Assert.That(await Listed(account), Does.Not.Contain(offer));
        Assert.That(await Listed(NewAccount()), Does.Contain(offer));
        Assert.That(await Listed(), Does.Contain(offer), "without an account, the offer is on sale");
    }

    [Test]
    public async Task A_retried_checkout_returns_its_session_instead_of_counting_twice()
    {
        var offer = Offer(maxPerAccount: 1);
        var account = NewAccount();

        var first = await Checkout(account, offer, key: "offer-retry");
        var retry = await Checkout(account, offer, key: "offer-retry");

        Assert.That(retry.SessionId, Is.EqualTo(first.SessionId));
    }

    [Test]
    public async Task An_open_checkout_holds_its_place_until_it_can_no_longer_be_paid_while_a_paid_one_holds_it_for_good()
    {
        var offer = Offer(maxPerAccount: 1);
        var abandoning = NewAccount();
        var paying = NewAccount();
        await Checkout(abandoning, offer);
        await Paid(paying, Payment.New(), offer, TestPacks.StarterAmount);

        Time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMilliseconds(1));
        Assert.That(await Refusal(abandoning, offer), Is.EqualTo("limit_reached"));

        Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(await Listed(abandoning), Does.Contain(offer));
        await Checkout(abandoning, offer);
        Assert.That(await Refusal(paying, offer), Is.EqualTo("limit_reached"));
    }

    [Test]
    public async Task Concurrent_checkouts_of_a_max_one_offer_sell_it_once()
    {
        var offer = Offer(maxPerAccount: 1);
        var account = NewAccount();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            try
            {
                await Checkout(account, offer);
                return "sold";
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.FailedPrecondition)
            {
                return ErrorInfoOf(error).Metadata["why"];
            }
        }));

        Assert.That(attempts.Count(attempt => attempt == "sold"), Is.EqualTo(1));
        Assert.That(attempts.Where(attempt => attempt != "sold"), Is.All.EqualTo("limit_reached"));
    }

    [Test]
    public async Task A_first_purchase_offer_is_for_an_account_that_never_paid_for_a_pack()
    {
        var offer = Offer(firstPurchaseOnly: true);
        var newcomer = NewAccount();
        var customer = NewAccount();
        await Paid(customer, Payment.New());

        Assert.That(await Refusal(customer, offer), Is.EqualTo("first_purchase_only"));
        Assert.That(await Listed(customer), Does.Not.Contain(offer));
        Assert.That(await Listed(newcomer), Does.Contain(offer));
        await Checkout(newcomer, offer);
        Assert.That(await Refusal(newcomer, offer), Is.EqualTo("limit_reached"), "a first-purchase offer is bought once");
    }

    [Test]
    public async Task A_limited_offer_lists_its_terms()
    {
        var offer = Offer(endsIn: TimeSpan.FromDays(7), maxPerAccount: 3, firstPurchaseOnly: true);

        var response = await Server.Grpc.ListPacksAsync(new ListPacksRequest(), StripeTestServer.Bearer(StripeTestServer.ReaderKey));

        var listed = response.Packs.Single(pack => pack.PackId == offer);
        Assert.That(listed.AvailableUntil.ToDateTimeOffset(), Is.EqualTo(Now + TimeSpan.FromDays(7)));
        Assert.That(listed.AvailableFrom, Is.Null);
        Assert.That((listed.MaxPerAccount, listed.FirstPurchaseOnly), Is.EqualTo((3, true)));
    }
}
