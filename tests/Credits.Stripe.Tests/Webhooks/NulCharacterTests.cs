using System.Net;
using System.Text.Json.Nodes;
using Credits.Ledger.Data;
using Credits.Stripe.Tests.Support;
using Credits.Testing;

namespace Credits.Stripe.Tests.Webhooks;

/// <summary>
/// A signed event holding a NUL character anywhere is refused as 400 and stores nothing (found by
/// the fuzzing suite, issue 13). Before, on PostgreSQL, whose text holds no NUL, it was a database
/// error and HTTP 500, which Stripe retries for days; Stripe never sends one.
/// </summary>
public sealed class NulCharacterTests(DatabaseProvider provider) : StripeFixture(provider)
{
    private static IEnumerable<TestCaseData> EventsHoldingNul()
    {
        yield return new TestCaseData((Func<string, DateTimeOffset, string>)((account, now) =>
            StripeObjects.ExampleEvent(now, StripeObjects.NewId("evt_") + "\0"))).SetArgDisplayNames("in the event id");
        yield return new TestCaseData((Func<string, DateTimeOffset, string>)((account, now) =>
            StripeObjects.Event("checkout.session.completed\0", Session(account), now))).SetArgDisplayNames("in the event type");
        yield return new TestCaseData((Func<string, DateTimeOffset, string>)((account, now) =>
        {
            var session = Session(account);
            session["id"] = StripeObjects.NewId("cs_test_") + "\0";
            return StripeObjects.Event("checkout.session.completed", session, now);
        })).SetArgDisplayNames("in the checkout session's id");
    }

    private static JsonObject Session(string account) =>
        StripeObjects.CheckoutSession(Payment.New(), account, TestPacks.Starter, TestPacks.StarterAmount);

    [TestCaseSource(nameof(EventsHoldingNul))]
    public async Task A_signed_event_holding_NUL_is_refused_as_400_and_stores_nothing(Func<string, DateTimeOffset, string> body)
    {
        var account = NewAccount();
        var before = await StoredEvents();

        using var response = await PostSigned(body(account, Now));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await StoredEvents(), Is.EqualTo(before), "no stripe_events or unapplied_events row");
        Assert.That((await Balance(account)).Available, Is.Zero);
    }

    private async Task<long> StoredEvents() =>
        (await TestSql.QueryAsync(Server.Database,
            "SELECT (SELECT COUNT(*) FROM stripe_events) + (SELECT COUNT(*) FROM unapplied_events)", reader => reader.GetInt64(0))).Single();
}
