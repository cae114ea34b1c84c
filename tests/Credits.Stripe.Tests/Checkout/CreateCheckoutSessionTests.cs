using Credits.Ledger.Data;
using Credits.Stripe.Tests.Support;
using Credits.V1;
using Grpc.Core;

namespace Credits.Stripe.Tests.Checkout;

/// <summary>CreateCheckoutSession against the fake Stripe API: what reaches Stripe, and what the caller gets back.</summary>
public sealed class CreateCheckoutSessionTests(DatabaseProvider provider) : StripeFixture(provider)
{
    private const string SuccessUrl = "https://shop.example.com/thanks?session={CHECKOUT_SESSION_ID}";
    private const string CancelUrl = "https://shop.example.com/pricing";

    private static CreateCheckoutSessionRequest Request(string account, string pack = TestPacks.Pro, string? key = null) => new()
    {
        AccountId = account,
        PackId = pack,
        SuccessUrl = SuccessUrl,
        CancelUrl = CancelUrl,
        IdempotencyKey = key ?? $"checkout-{Guid.NewGuid():N}",
    };

    private Task<CreateCheckoutSessionResponse> Create(CreateCheckoutSessionRequest request, string apiKey = StripeTestServer.ShopKey) =>
        Server.Grpc.CreateCheckoutSessionAsync(request, StripeTestServer.Bearer(apiKey)).ResponseAsync;

    private StripeRequest LastStripeRequest() => StripeApi.Requests.Last();

    [Test]
    public async Task Stripe_receives_a_payment_session_for_the_packs_price_naming_the_account_and_the_pack()
    {
        var account = NewAccount();

        await Create(Request(account));

        var form = LastStripeRequest().Form;
        Assert.That(form["mode"], Is.EqualTo("payment"));
        Assert.That(form["client_reference_id"], Is.EqualTo(account));
        Assert.That(form["metadata[pack_id]"], Is.EqualTo(TestPacks.Pro));
        Assert.That(form["metadata[account_id]"], Is.EqualTo(account));
        Assert.That(form["line_items[0][price]"], Is.EqualTo(TestPacks.ProPrice));
        Assert.That(form["line_items[0][quantity]"], Is.EqualTo("1"));
        Assert.That(form["success_url"], Is.EqualTo(SuccessUrl));
        Assert.That(form["cancel_url"], Is.EqualTo(CancelUrl));
        Assert.That(form["payment_intent_data[metadata][account_id]"], Is.EqualTo(account), "refunds and disputes in Stripe's dashboard name the account");
        Assert.That(LastStripeRequest().Authorization, Is.EqualTo($"Bearer {StripeTestServer.StripeApiKey}"));
    }

    [Test]
    public async Task The_idempotency_key_goes_on_to_stripe_scoped_by_the_caller()
    {
        var request = Request(NewAccount(), key: "checkout-key-1");

        await Create(request);

        Assert.That(LastStripeRequest().IdempotencyKey, Is.EqualTo($"{StripeTestServer.ShopName}:checkout-key-1"));
    }

    [Test]
    public async Task The_caller_gets_the_session_id_and_the_payment_page_url_stripe_created()
    {
        var response = await Create(Request(NewAccount()));

        Assert.That(response.SessionId, Does.StartWith("cs_test_"));
        Assert.That(response.Url, Is.EqualTo($"https://checkout.stripe.com/c/pay/{response.SessionId}"));
        Assert.That(response.ExpiresAt, Is.Not.Null);
    }

    [Test]
    public async Task A_retry_with_the_same_key_returns_the_same_session()
    {
        var request = Request(NewAccount());

        var first = await Create(request);
        var retry = await Create(request);

        Assert.That(retry.SessionId, Is.EqualTo(first.SessionId));
    }

    [Test]
    public async Task An_unknown_pack_is_not_found_and_nothing_reaches_stripe()
    {
        var before = StripeApi.Requests.Count;

        var error = await RpcFailure(() => Create(Request(NewAccount(), pack: "platinum")));

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.NotFound));
        var info = ErrorInfoOf(error);
        Assert.That(info.Reason, Is.EqualTo("PACK_NOT_FOUND"));
        Assert.That(info.Metadata["packId"], Is.EqualTo("platinum"));
        Assert.That(StripeApi.Requests, Has.Count.EqualTo(before));
    }

    [TestCase("account_id")]
    [TestCase("success_url")]
    [TestCase("cancel_url")]
    [TestCase("idempotency_key")]
    public async Task A_malformed_field_is_invalid_argument_naming_it(string field)
    {
        var request = Request(NewAccount());
        switch (field)
        {
            case "account_id": request.AccountId = "customer-42"; break;
            case "success_url": request.SuccessUrl = "/thanks"; break;
            case "cancel_url": request.CancelUrl = "ftp://shop.example.com/"; break;
            case "idempotency_key": request.IdempotencyKey = ""; break;
        }

        var error = await RpcFailure(() => Create(request));

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(ErrorInfoOf(error).Metadata["field"], Is.EqualTo(field));
    }

    [Test]
    public async Task A_key_with_only_ledger_read_may_not_start_a_checkout()
    {
        var error = await RpcFailure(() => Create(Request(NewAccount()), StripeTestServer.ReaderKey));

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
    }

    [Test]
    public async Task Stripe_unreachable_is_unavailable()
    {
        Server.Reconfigure(("Stripe:ApiBase", $"http://127.0.0.1:{StripeTestServer.FreePort()}"));
        try
        {
            var error = await RpcFailure(() => Create(Request(NewAccount())));

            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.Unavailable));
            Assert.That(ErrorInfoOf(error).Reason, Is.EqualTo("STRIPE_UNAVAILABLE"));
        }
        finally
        {
            Server.Reconfigure(("Stripe:ApiBase", StripeApi.BaseAddress.ToString()));
        }
    }

    [Test]
    public async Task Stripe_failing_on_its_side_is_unavailable()
    {
        StripeApi.Failure = new StripeFailure(500, "api_error", "");
        try
        {
            var error = await RpcFailure(() => Create(Request(NewAccount())));

            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.Unavailable));
            Assert.That(ErrorInfoOf(error).Reason, Is.EqualTo("STRIPE_UNAVAILABLE"));
        }
        finally
        {
            StripeApi.Failure = null;
        }
    }

    [Test]
    public async Task Stripe_refusing_the_configured_price_is_a_failed_precondition_with_stripes_code()
    {
        StripeApi.Failure = new StripeFailure(400, "invalid_request_error", "resource_missing");
        try
        {
            var error = await RpcFailure(() => Create(Request(NewAccount())));

            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
            var info = ErrorInfoOf(error);
            Assert.That(info.Reason, Is.EqualTo("STRIPE_REJECTED"));
            Assert.That(info.Metadata["stripeCode"], Is.EqualTo("resource_missing"));
        }
        finally
        {
            StripeApi.Failure = null;
        }
    }

    [Test]
    public async Task Stripe_seeing_the_key_reused_for_another_checkout_is_already_exists()
    {
        StripeApi.Failure = new StripeFailure(400, "idempotency_error", "");
        try
        {
            var error = await RpcFailure(() => Create(Request(NewAccount(), key: "reused")));

            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.AlreadyExists));
            Assert.That(ErrorInfoOf(error).Reason, Is.EqualTo("IDEMPOTENCY_KEY_REUSED"));
        }
        finally
        {
            StripeApi.Failure = null;
        }
    }
}
