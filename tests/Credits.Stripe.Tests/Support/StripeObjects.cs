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

    /// <summary>
    /// A subscription invoice for <paramref name="account"/>'s subscription, billing <paramref name="priceId"/>
    /// for the period [<paramref name="periodStart"/>, <paramref name="periodEnd"/>), in the
    /// <paramref name="shape"/> of the API version. <paramref name="account"/> null leaves the
    /// subscription's metadata without an account.
    /// </summary>
    public static JsonObject Invoice(string invoiceId, string subscriptionId, string? account, string priceId, DateTimeOffset periodStart,
        DateTimeOffset periodEnd, string billingReason, StripeShape shape = StripeShape.Newer, long amount = 2000, bool paid = true,
        JsonObject[]? extraLinesBefore = null)
    {
        var invoice = Example("invoice");
        invoice["id"] = invoiceId;
        invoice["billing_reason"] = billingReason;
        invoice["status"] = paid ? "paid" : "open";
        invoice["amount_due"] = amount;
        invoice["amount_paid"] = paid ? amount : 0;
        invoice["amount_remaining"] = paid ? 0 : amount;
        invoice["customer_email"] = "subscriber@example.com";
        invoice["period_start"] = periodStart.ToUnixTimeSeconds();
        invoice["period_end"] = periodEnd.ToUnixTimeSeconds();
        var metadata = account is null ? new JsonObject() : new JsonObject { ["account_id"] = account };
        var line = (JsonObject)invoice["lines"]!["data"]![0]!.DeepClone();
        line["id"] = NewId("il_");
        line["invoice"] = invoiceId;
        line["amount"] = amount;
        line["period"] = new JsonObject { ["start"] = periodStart.ToUnixTimeSeconds(), ["end"] = periodEnd.ToUnixTimeSeconds() };
        line["description"] = $"1 x subscription ({priceId})";
        if (shape == StripeShape.Newer)
        {
            invoice.Remove("subscription");
            invoice["parent"] = new JsonObject
            {
                ["type"] = "subscription_details",
                ["quote_details"] = null,
                ["subscription_details"] = new JsonObject { ["metadata"] = metadata, ["subscription"] = subscriptionId },
            };
            line["pricing"] = new JsonObject
            {
                ["type"] = "price_details",
                ["price_details"] = new JsonObject { ["price"] = priceId, ["product"] = "prod_credits" },
                ["unit_amount_decimal"] = amount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            line["parent"] = new JsonObject
            {
                ["type"] = "subscription_item_details",
                ["invoice_item_details"] = null,
                ["subscription_item_details"] = new JsonObject
                {
                    ["invoice_item"] = null, ["proration"] = false, ["proration_details"] = new JsonObject { ["credited_items"] = null },
                    ["subscription"] = subscriptionId, ["subscription_item"] = "si_credits",
                },
            };
        }
        else
        {
            invoice.Remove("parent");
            invoice["subscription"] = subscriptionId;
            invoice["subscription_details"] = new JsonObject { ["metadata"] = metadata };
            line.Remove("pricing");
            line.Remove("parent");
            line["type"] = "subscription";
            line["subscription"] = subscriptionId;
            line["proration"] = false;
            line["price"] = new JsonObject { ["id"] = priceId, ["object"] = "price", ["type"] = "recurring", ["unit_amount"] = amount };
            line["plan"] = new JsonObject { ["id"] = priceId, ["object"] = "plan", ["interval"] = "month", ["interval_count"] = 1 };
        }
        var lines = new JsonArray();
        foreach (var extra in extraLinesBefore ?? [])
        {
            lines.Add(extra.DeepClone());
        }
        lines.Add(line);
        invoice["lines"]!["data"] = lines;
        return invoice;
    }

    /// <summary>A subscription of <paramref name="account"/> to <paramref name="priceId"/>, in the <paramref name="shape"/> of the API version.</summary>
    public static JsonObject Subscription(string subscriptionId, string? account, string priceId, DateTimeOffset periodStart, DateTimeOffset periodEnd,
        bool cancelAtPeriodEnd = false, string status = "active", StripeShape shape = StripeShape.Newer)
    {
        var subscription = Example("subscription");
        subscription["id"] = subscriptionId;
        subscription["status"] = status;
        subscription["cancel_at_period_end"] = cancelAtPeriodEnd;
        subscription["cancel_at"] = cancelAtPeriodEnd ? periodEnd.ToUnixTimeSeconds() : null;
        subscription["canceled_at"] = null;
        subscription["ended_at"] = status == "canceled" ? periodEnd.ToUnixTimeSeconds() : null;
        subscription["metadata"] = account is null ? new JsonObject() : new JsonObject { ["account_id"] = account };
        var item = (JsonObject)subscription["items"]!["data"]![0]!;
        item["subscription"] = subscriptionId;
        item["price"]!["id"] = priceId;
        item["plan"]!["id"] = priceId;
        item["plan"]!["interval_count"] = 1;
        if (shape == StripeShape.Newer)
        {
            item["current_period_start"] = periodStart.ToUnixTimeSeconds();
            item["current_period_end"] = periodEnd.ToUnixTimeSeconds();
        }
        else
        {
            item.Remove("current_period_start");
            item.Remove("current_period_end");
            subscription["current_period_start"] = periodStart.ToUnixTimeSeconds();
            subscription["current_period_end"] = periodEnd.ToUnixTimeSeconds();
            subscription["plan"] = new JsonObject { ["id"] = priceId, ["object"] = "plan" };
        }
        return subscription;
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
