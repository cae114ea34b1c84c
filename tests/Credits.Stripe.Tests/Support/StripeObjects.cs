using System.Text.Json.Nodes;

namespace Credits.Stripe.Tests.Support;

/// <summary>
/// Stripe objects for the tests, each a copy of Stripe's own example (Fixtures/stripe-objects.json)
/// with only the fields a test is about changed, and the event envelope they travel in.
/// </summary>
public static class StripeObjects
{
    private static readonly JsonObject Examples = (JsonObject)JsonNode.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "stripe-objects.json")))!;

    /// <summary>A completed Checkout session in payment mode for <paramref name="pack"/>, bought by <paramref name="account"/>.</summary>
    public static JsonObject CheckoutSession(Payment payment, string account, string pack, long amountTotal, string paymentStatus = "paid",
        string? email = "buyer@example.com")
    {
        var session = Example("checkout.session");
        session["id"] = payment.SessionId;
        session["payment_intent"] = payment.PaymentIntentId;
        session["client_reference_id"] = account;
        session["metadata"] = new JsonObject { ["pack_id"] = pack, ["account_id"] = account };
        session["mode"] = "payment";
        session["status"] = "complete";
        session["payment_status"] = paymentStatus;
        session["amount_subtotal"] = amountTotal;
        session["amount_total"] = amountTotal;
        session["currency"] = "usd";
        session["customer_details"]!["email"] = email;
        session["url"] = null;
        return session;
    }

    /// <summary>A refund of <paramref name="amount"/> of the payment's charge.</summary>
    public static JsonObject Refund(Payment payment, string refundId, long amount, string status, DateTimeOffset created)
    {
        var refund = Example("refund");
        refund["id"] = refundId;
        refund["amount"] = amount;
        refund["charge"] = payment.ChargeId;
        refund["payment_intent"] = payment.PaymentIntentId;
        refund["status"] = status;
        refund["created"] = created.ToUnixTimeSeconds();
        return refund;
    }

    /// <summary>The payment's charge after refunds, listing them as an expanded <c>refunds</c> list does.</summary>
    public static JsonObject RefundedCharge(Payment payment, long amount, params JsonObject[] refunds)
    {
        var charge = Example("charge");
        charge["id"] = payment.ChargeId;
        charge["payment_intent"] = payment.PaymentIntentId;
        charge["amount"] = amount;
        charge["amount_captured"] = amount;
        charge["captured"] = true;
        var refunded = refunds.Sum(refund => refund["amount"]!.GetValue<long>());
        charge["amount_refunded"] = refunded;
        charge["refunded"] = refunded == amount;
        charge["refunds"]!["data"] = new JsonArray(refunds.Select(refund => (JsonNode)refund.DeepClone()).ToArray());
        return charge;
    }

    /// <summary>A dispute of <paramref name="amount"/> of the payment's charge, in <paramref name="status"/>.</summary>
    public static JsonObject Dispute(Payment payment, string disputeId, long amount, string status, DateTimeOffset created)
    {
        var dispute = Example("dispute");
        dispute["id"] = disputeId;
        dispute["amount"] = amount;
        dispute["charge"] = payment.ChargeId;
        dispute["payment_intent"] = payment.PaymentIntentId;
        dispute["status"] = status;
        dispute["created"] = created.ToUnixTimeSeconds();
        return dispute;
    }

    /// <summary>The event envelope Stripe posts: <paramref name="data"/> as <c>data.object</c>.</summary>
    public static string Event(string type, JsonObject data, DateTimeOffset created, string? eventId = null)
    {
        var envelope = Example("event");
        envelope["id"] = eventId ?? NewId("evt_");
        envelope["type"] = type;
        envelope["created"] = created.ToUnixTimeSeconds();
        envelope["data"] = new JsonObject { ["object"] = data.DeepClone() };
        return envelope.ToJsonString();
    }

    /// <summary>An event of a type the ledger does not handle, exactly as Stripe's example has it.</summary>
    public static string ExampleEvent(DateTimeOffset created, string eventId)
    {
        var envelope = Example("event");
        envelope["id"] = eventId;
        envelope["created"] = created.ToUnixTimeSeconds();
        return envelope.ToJsonString();
    }

    /// <summary>A Stripe-looking id with a random tail.</summary>
    public static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N")[..24];

    /// <summary>One of Stripe's example objects as they are in the fixture, for a fake API response.</summary>
    public static JsonObject Example(string name) => (JsonObject)Examples[name]!.DeepClone();
}
