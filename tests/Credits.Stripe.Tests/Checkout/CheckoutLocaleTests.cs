using Credits.Ledger.Data;
using Credits.Stripe.Tests.Support;
using Credits.V1;
using Grpc.Core;

namespace Credits.Stripe.Tests.Checkout;

/// <summary>CreateCheckoutSession's locale: Stripe Checkout shows its page in the customer's language, and only ever gets a value it has.</summary>
public sealed class CheckoutLocaleTests(DatabaseProvider provider) : StripeFixture(provider)
{
    private Task<CreateCheckoutSessionResponse> Create(string locale) =>
        Server.Grpc.CreateCheckoutSessionAsync(new CreateCheckoutSessionRequest
        {
            AccountId = NewAccount(),
            PackId = TestPacks.Pro,
            SuccessUrl = "https://shop.example.com/thanks",
            CancelUrl = "https://shop.example.com/pricing",
            IdempotencyKey = $"checkout-{Guid.NewGuid():N}",
            Locale = locale,
        }, StripeTestServer.Bearer(StripeTestServer.ShopKey)).ResponseAsync;

    [TestCase("de", "de", TestName = "A language Stripe has goes on as it is")]
    [TestCase("de-AT", "de", TestName = "A region Stripe lacks falls back to its language")]
    [TestCase("EN-gb", "en-GB", TestName = "A region Stripe has goes on as Stripe spells it")]
    [TestCase("pt-BR", "pt-BR", TestName = "Brazilian Portuguese stays Brazilian")]
    [TestCase("zh-Hant-HK", "zh", TestName = "A tag with a script falls back to its language")]
    [TestCase("xh-ZA", "auto", TestName = "A language Stripe lacks is auto, the browser's language")]
    [TestCase("", "auto", TestName = "No locale is auto")]
    public async Task Stripe_gets_the_customers_language_as_it_spells_it(string locale, string sent)
    {
        await Create(locale);

        Assert.That(StripeApi.Requests.Last().Form["locale"], Is.EqualTo(sent));
    }

    [TestCase("de_DE", TestName = "An underscore is not a language tag")]
    [TestCase("d", TestName = "A one-letter language is not a language tag")]
    [TestCase("de-\n", TestName = "A control character is not a language tag")]
    [TestCase("de-AT-verylongpart", TestName = "A part longer than eight characters is not a language tag")]
    public async Task A_malformed_locale_is_invalid_argument_and_nothing_reaches_stripe(string locale)
    {
        var before = StripeApi.Requests.Count;

        var error = await RpcFailure(() => Create(locale));

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That((ErrorInfoOf(error).Reason, ErrorInfoOf(error).Metadata["field"]), Is.EqualTo(("INVALID_REQUEST", "locale")));
        Assert.That(StripeApi.Requests, Has.Count.EqualTo(before));
    }
}
