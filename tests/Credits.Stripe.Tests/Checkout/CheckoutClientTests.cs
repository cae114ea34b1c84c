using Credits.Client;
using Credits.Client.Errors;
using Credits.Ledger.Data;
using Credits.Stripe.Tests.Support;
using Credits.V1;

namespace Credits.Stripe.Tests.Checkout;

/// <summary>The .NET client's helpers for selling credits: the whole catalogue, and a checkout with typed errors.</summary>
public sealed class CheckoutClientTests(DatabaseProvider provider) : StripeFixture(provider)
{
    private CreditsClient Client(string apiKey) => new(Server.Channel.CreateCallInvoker(), apiKey);

    private static CreateCheckoutSessionRequest Request(string account, string pack) => new()
    {
        AccountId = account,
        PackId = pack,
        SuccessUrl = "https://shop.example.com/thanks",
        CancelUrl = "https://shop.example.com/pricing",
        IdempotencyKey = $"checkout-{Guid.NewGuid():N}",
    };

    [Test]
    public async Task ListPacks_yields_every_pack_in_order_across_pages()
    {
        using var client = Client(StripeTestServer.ReaderKey);

        var packs = await client.ListPacksAsync(pageSize: 1).Select(pack => pack.PackId).ToListAsync();

        Assert.That(packs, Is.EqualTo(new[] { TestPacks.Starter, TestPacks.Pro }));
    }

    [Test]
    public void ListPacks_refuses_a_negative_page_size_before_calling()
    {
        using var client = Client(StripeTestServer.ReaderKey);

        Assert.Throws<ArgumentOutOfRangeException>(() => client.ListPacksAsync(pageSize: -1));
    }

    [Test]
    public async Task CreateCheckoutSession_returns_the_payment_page_stripe_created()
    {
        using var client = Client(StripeTestServer.ShopKey);

        var session = await client.CreateCheckoutSessionAsync(Request(NewAccount(), TestPacks.Pro));

        Assert.That(session.Url, Is.EqualTo($"https://checkout.stripe.com/c/pay/{session.SessionId}"));
        Assert.That(StripeApi.Requests.Last().Form["line_items[0][price]"], Is.EqualTo(TestPacks.ProPrice));
    }

    [Test]
    public async Task CreateCheckoutSession_for_an_unknown_pack_raises_the_pack_not_found_reason()
    {
        using var client = Client(StripeTestServer.ShopKey);

        var error = await Assert.CatchAsync<CreditsException>(() => client.CreateCheckoutSessionAsync(Request(NewAccount(), "platinum")));

        Assert.That(error?.Reason, Is.EqualTo(CreditsErrorReasons.PackNotFound));
    }

    [Test]
    public async Task ListPacks_for_an_account_leaves_out_an_offer_it_may_not_buy_and_its_checkout_raises_the_reason()
    {
        Server.Reconfigure(("Stripe:Packs:once:Credits", "10"), ("Stripe:Packs:once:PriceId", TestPacks.StarterPrice),
            ("Stripe:Packs:once:MaxPerAccount", "1"));
        try
        {
            using var client = Client(StripeTestServer.ShopKey);
            var account = NewAccount();
            await client.CreateCheckoutSessionAsync(Request(account, "once"));

            var error = await Assert.CatchAsync<CreditsException>(() => client.CreateCheckoutSessionAsync(Request(account, "once")));
            var forAccount = await client.ListPacksAsync(account).Select(pack => pack.PackId).ToListAsync();
            var forAnyone = await client.ListPacksAsync().Select(pack => pack.PackId).ToListAsync();

            Assert.That((error?.Reason, error?.Metadata["why"]), Is.EqualTo((CreditsErrorReasons.OfferNotAvailable, "limit_reached")));
            Assert.That(forAccount, Does.Not.Contain("once"));
            Assert.That(forAnyone, Does.Contain("once"));
        }
        finally
        {
            Server.Reconfigure(("Stripe:Packs:once:Credits", null), ("Stripe:Packs:once:PriceId", null), ("Stripe:Packs:once:MaxPerAccount", null));
        }
    }
}
