using System.Net;
using Credits.Ledger.Data;
using Credits.Stripe.Tests.Support;
using Credits.V1;

namespace Credits.Stripe.Tests.Webhooks;

/// <summary>What the webhook answers, and that each event is applied once however it is delivered.</summary>
public sealed class EventHandlingTests(DatabaseProvider provider) : StripeFixture(provider)
{
    [Test]
    public async Task A_signed_body_that_is_not_json_is_rejected()
    {
        using var response = await PostSigned("{\"id\": \"evt_1\", \"type\": ");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task A_signed_json_body_that_is_not_an_event_is_rejected()
    {
        using var array = await PostSigned("[1, 2, 3]");
        using var empty = await PostSigned("{}");

        Assert.That(array.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(empty.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task A_body_far_larger_than_any_stripe_event_is_refused_unread()
    {
        using var response = await PostSigned($"{{\"padding\": \"{new string('x', 600 * 1024)}\"}}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    [Test]
    public async Task Without_a_webhook_secret_configured_every_event_is_refused_as_unavailable_so_stripe_retries_later()
    {
        var account = NewAccount();
        var payment = Payment.New();
        await Sell(account, payment, TestPacks.Starter);
        var body = StripeObjects.Event("checkout.session.completed",
            StripeObjects.CheckoutSession(payment, account, TestPacks.Starter, TestPacks.StarterAmount), Now);
        Server.Reconfigure(("Stripe:WebhookSecret", ""));
        HttpResponseMessage refused;
        try
        {
            refused = await PostSigned(body);
        }
        finally
        {
            Server.Reconfigure(("Stripe:WebhookSecret", StripeTestServer.WebhookSecret));
        }

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        refused.Dispose();
        using var retried = await PostSigned(body);
        Assert.That(await OutcomeOf(retried), Is.EqualTo("applied"));
    }

    [Test]
    public async Task An_event_of_a_type_the_ledger_does_not_handle_is_acknowledged_and_ignored()
    {
        var eventId = StripeObjects.NewId("evt_");

        using var first = await PostSigned(StripeObjects.ExampleEvent(Now, eventId));
        using var again = await PostSigned(StripeObjects.ExampleEvent(Now, eventId));

        Assert.That(await OutcomeOf(first), Is.EqualTo("ignored"));
        Assert.That(await OutcomeOf(again), Is.EqualTo("duplicate"), "ignored events are recorded too");
    }

    [Test]
    public async Task A_redelivered_event_is_answered_as_a_duplicate_and_grants_once()
    {
        var account = NewAccount();
        var payment = Payment.New();
        await Sell(account, payment, TestPacks.Starter);
        var body = StripeObjects.Event("checkout.session.completed",
            StripeObjects.CheckoutSession(payment, account, TestPacks.Starter, TestPacks.StarterAmount), Now);

        using var first = await PostSigned(body);
        using var second = await PostSigned(body);

        Assert.That(await OutcomeOf(first), Is.EqualTo("applied"));
        Assert.That(await OutcomeOf(second), Is.EqualTo("duplicate"));
        Assert.That((await Balance(account)).Available, Is.EqualTo(TestPacks.StarterCredits));
    }

    [Test]
    public async Task Ten_deliveries_of_one_event_at_once_grant_the_pack_once()
    {
        var account = NewAccount();
        var payment = Payment.New();
        await Sell(account, payment, TestPacks.Pro);
        var body = StripeObjects.Event("checkout.session.completed",
            StripeObjects.CheckoutSession(payment, account, TestPacks.Pro, TestPacks.ProAmount), Now);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => PostSigned(body)));

        var outcomes = new List<string>();
        foreach (var response in responses)
        {
            outcomes.Add(await OutcomeOf(response));
            response.Dispose();
        }
        Assert.That(outcomes.Count(outcome => outcome == "applied"), Is.EqualTo(1), string.Join(", ", outcomes));
        Assert.That(outcomes.Where(outcome => outcome != "applied"), Is.All.AnyOf("unchanged", "duplicate"));
        var balance = await Balance(account);
        Assert.That(balance.Available, Is.EqualTo(TestPacks.ProCredits + TestPacks.ProBonus));
        Assert.That((await History(account)).Count(entry => entry.Kind == EntryKind.Grant), Is.EqualTo(2), "the purchase and its bonus");
        Assert.That(await Outbox(account), Has.Count.EqualTo(1), "one receipt");
    }

    [Test]
    public async Task Ten_different_events_about_one_refund_at_once_take_its_credits_back_once()
    {
        var account = NewAccount();
        var payment = Payment.New();
        await Paid(account, payment);
        var refund = StripeObjects.Refund(payment, StripeObjects.NewId("re_"), 400, "succeeded", Now);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            PostSigned(StripeObjects.Event(i % 2 == 0 ? "refund.created" : "refund.updated", refund, Now))));

        foreach (var response in responses)
        {
            await OutcomeOf(response);
            response.Dispose();
        }
        Assert.That((await Balance(account)).Available, Is.EqualTo(TestPacks.StarterCredits - 40));
    }
}
