using Credits.Ledger.Data;
using Credits.Stripe.Tests.Support;
using Credits.V1;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Credits.Stripe.Tests.Checkout;

/// <summary>
/// A checkout request reaches Stripe only with return URLs on the shop's origins (any URL made
/// Stripe's payment page an open redirect) and within its account's hourly allowance of sessions
/// (each session is a call to Stripe on the server's key). Refusals cost Stripe nothing.
/// </summary>
public sealed class CheckoutGuardTests(DatabaseProvider provider) : StripeFixture(provider)
{
    private const int SessionsPerHour = 30;

    private static CreateCheckoutSessionRequest Request(string account, string? successUrl = null, string? cancelUrl = null) => new()
    {
        AccountId = account,
        PackId = TestPacks.Pro,
        SuccessUrl = successUrl ?? $"{StripeTestServer.ShopOrigin}/thanks?session={{CHECKOUT_SESSION_ID}}",
        CancelUrl = cancelUrl ?? $"{StripeTestServer.ShopOrigin}/pricing",
        IdempotencyKey = $"checkout-{Guid.NewGuid():N}",
    };

    private Task<CreateCheckoutSessionResponse> Create(CreateCheckoutSessionRequest request) =>
        Server.Grpc.CreateCheckoutSessionAsync(request, StripeTestServer.Bearer(StripeTestServer.ShopKey)).ResponseAsync;

    [TestCase("success_url", "https://evil.example.net/thanks")]
    [TestCase("success_url", "https://shop.example.com.evil.net/thanks")]
    [TestCase("cancel_url", "http://shop.example.com/pricing")]
    [TestCase("cancel_url", "https://shop.example.com:8443/pricing")]
    public async Task A_return_url_off_the_shops_origins_is_refused_before_stripe_is_called(string field, string url)
    {
        var request = field == "success_url" ? Request(NewAccount(), successUrl: url) : Request(NewAccount(), cancelUrl: url);
        var before = StripeApi.Requests.Count;

        var error = await RpcFailure(() => Create(request));

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(ErrorInfoOf(error).Reason, Is.EqualTo("INVALID_REQUEST"));
        Assert.That(ErrorInfoOf(error).Metadata["field"], Is.EqualTo(field));
        Assert.That(StripeApi.Requests, Has.Count.EqualTo(before));
    }

    [Test]
    public async Task A_return_url_on_the_shops_origin_in_any_case_is_accepted()
    {
        var response = await Create(Request(NewAccount(), successUrl: "HTTPS://Shop.Example.COM/done"));

        Assert.That(response.SessionId, Is.Not.Empty);
    }

    [Test]
    public async Task An_account_past_its_hourly_allowance_is_rate_limited_while_other_accounts_carry_on()
    {
        var account = NewAccount();
        for (var i = 0; i < SessionsPerHour; i++)
        {
            await Create(Request(account));
        }
        var before = StripeApi.Requests.Count;

        var error = await RpcFailure(() => Create(Request(account)));

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.ResourceExhausted));
        var info = ErrorInfoOf(error);
        Assert.That(info.Reason, Is.EqualTo("RATE_LIMITED"));
        Assert.That(info.Metadata["limit"], Is.EqualTo("checkout_sessions_per_hour"));
        Assert.That(info.Metadata["max"], Is.EqualTo("30"));
        var retry = error.GetRpcStatus()!.Details.Single(d => d.Is(RetryInfo.Descriptor)).Unpack<RetryInfo>();
        Assert.That(retry.RetryDelay.ToTimeSpan(), Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromMinutes(2)));
        Assert.That(StripeApi.Requests, Has.Count.EqualTo(before), "the refused request never reached Stripe");
        Assert.That((await Create(Request(NewAccount()))).SessionId, Is.Not.Empty);
    }
}
