using System.Net;
using System.Text;
using Credits.Ledger.Data;
using Credits.Stripe.Tests.Support;

namespace Credits.Stripe.Tests.Webhooks;

/// <summary>
/// Only events signed with the endpoint's secret, within the tolerance of the server's clock, get
/// through; anything else is 400 and changes nothing, not even the record of event ids (so the
/// genuine event, delivered afterwards, still applies).
/// </summary>
public sealed class SignatureTests(DatabaseProvider provider) : StripeFixture(provider)
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(StripeTestServer.ToleranceSeconds);

    private async Task<(string Account, string EventId, string Body)> PaidEvent()
    {
        var account = NewAccount();
        var eventId = StripeObjects.NewId("evt_");
        var payment = Payment.New();
        await Sell(account, payment);
        var body = StripeObjects.Event("checkout.session.completed",
            StripeObjects.CheckoutSession(payment, account, TestPacks.Starter, TestPacks.StarterAmount), Now, eventId);
        return (account, eventId, body);
    }

    private async Task AssertRejectedAndNothingChanged(HttpResponseMessage response, string account, string body)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await History(account), Is.Empty, "no journal entry");
        using var genuine = await PostSigned(body);
        Assert.That(await OutcomeOf(genuine), Is.EqualTo("applied"), "the genuine event still applies afterwards");
        Assert.That((await Balance(account)).Available, Is.EqualTo(TestPacks.StarterCredits));
    }

    [Test]
    public async Task An_event_signed_with_another_secret_is_rejected()
    {
        var (account, _, body) = await PaidEvent();

        using var response = await Post(body, WebhookSigner.Sign(body, "whsec_someone_else", Now));

        await AssertRejectedAndNothingChanged(response, account, body);
    }

    [Test]
    public async Task A_body_changed_by_one_byte_after_signing_is_rejected()
    {
        var (account, _, body) = await PaidEvent();
        var signature = WebhookSigner.Sign(body, StripeTestServer.WebhookSecret, Now);
        var tampered = body.Replace($"\"amount_total\":{TestPacks.StarterAmount}", $"\"amount_total\":{TestPacks.StarterAmount + 1}",
            StringComparison.Ordinal);
        Assert.That(tampered, Is.Not.EqualTo(body));
        Assert.That(Encoding.UTF8.GetByteCount(tampered), Is.EqualTo(Encoding.UTF8.GetByteCount(body)), "one byte differs");

        using var response = await Post(tampered, signature);

        await AssertRejectedAndNothingChanged(response, account, body);
    }

    [Test]
    public async Task An_event_without_a_signature_header_is_rejected()
    {
        var (account, _, body) = await PaidEvent();

        using var response = await Post(body, signature: null);

        await AssertRejectedAndNothingChanged(response, account, body);
    }

    [Test]
    public async Task A_signature_that_is_not_in_stripes_format_is_rejected()
    {
        var (account, _, body) = await PaidEvent();

        using var response = await Post(body, "sha256=deadbeef");

        await AssertRejectedAndNothingChanged(response, account, body);
    }

    [Test]
    public async Task An_event_signed_longer_ago_than_the_tolerance_is_rejected()
    {
        var (account, _, body) = await PaidEvent();

        using var response = await Post(body, WebhookSigner.Sign(body, StripeTestServer.WebhookSecret, Now - Tolerance - TimeSpan.FromSeconds(1)));

        await AssertRejectedAndNothingChanged(response, account, body);
    }

    [Test]
    public async Task An_event_signed_further_in_the_future_than_the_tolerance_is_rejected()
    {
        var (account, _, body) = await PaidEvent();

        using var response = await Post(body, WebhookSigner.Sign(body, StripeTestServer.WebhookSecret, Now + Tolerance + TimeSpan.FromSeconds(1)));

        await AssertRejectedAndNothingChanged(response, account, body);
    }

    [Test]
    public async Task The_tolerance_is_measured_on_the_servers_clock()
    {
        var (account, _, body) = await PaidEvent();
        var signature = WebhookSigner.Sign(body, StripeTestServer.WebhookSecret, Now);

        Time.Advance(Tolerance + TimeSpan.FromSeconds(1));
        using var late = await Post(body, signature);

        await AssertRejectedAndNothingChanged(late, account, body);
    }

    [Test]
    public async Task An_event_signed_within_the_tolerance_is_accepted()
    {
        var (account, _, body) = await PaidEvent();

        using var response = await Post(body, WebhookSigner.Sign(body, StripeTestServer.WebhookSecret, Now - Tolerance + TimeSpan.FromSeconds(5)));

        Assert.That(await OutcomeOf(response), Is.EqualTo("applied"));
        Assert.That((await Balance(account)).Available, Is.EqualTo(TestPacks.StarterCredits));
    }
}
