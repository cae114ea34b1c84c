using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Credits.Fuzz.Tests.Support;

namespace Credits.Fuzz.Tests.Generators;

/// <summary>
/// Stripe webhook deliveries: events of the types the server handles (and others) with plausible
/// and hostile fields, as JSON, truncated JSON or noise, signed correctly, with the wrong secret,
/// too old, from the future, garbled or not at all.
/// </summary>
internal static class Webhooks
{
    private static readonly string[] Types =
    [
        "checkout.session.completed", "checkout.session.async_payment_succeeded", "checkout.session.async_payment_failed",
        "checkout.session.expired", "charge.refunded", "charge.dispute.created", "charge.dispute.closed",
        "charge.dispute.funds_withdrawn", "invoice.paid", "invoice.payment_succeeded", "invoice.payment_failed",
        "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted",
    ];

    private static readonly Gen<string> Id = Gen.Int[0, 200].Select(n => n.ToString(CultureInfo.InvariantCulture));

    private static readonly Gen<JsonNode?> Amount = Gen.Frequency(
        (4, Gen.OneOf(0L, 1L, 1000L, 2000L, -5L, long.MaxValue).Select(value => (JsonNode?)JsonValue.Create(value))),
        (1, Values.Wild.Select(text => (JsonNode?)JsonValue.Create(text))),
        (1, Gen.Const<JsonNode?>(() => null)));

    private static readonly Gen<JsonObject> DataObject =
        Gen.Select(Gen.Select(Id, Values.String("", "account_id"), Values.String("", "pack_id"), Amount),
            Gen.Select(Gen.OneOf("usd", "jpy", "eur", ""), Gen.OneOf("paid", "unpaid", "no_payment_required"),
                Gen.OneOf("payment", "subscription", "setup"), Values.Wild),
            Gen.Select(Id, Amount, Gen.OneOf("basic", "pro", "nope"), Gen.OneOf("active", "canceled", "past_due", "won", "lost")),
            (a, b, c) => new JsonObject
            {
                ["id"] = "obj_" + a.Item1,
                ["object"] = "checkout.session",
                ["client_reference_id"] = a.Item2,
                ["metadata"] = new JsonObject { ["pack_id"] = a.Item3, ["account_id"] = a.Item2, ["tier_id"] = c.Item3 },
                ["amount_total"] = a.Item4,
                ["amount"] = a.Item4?.DeepClone(),
                ["amount_refunded"] = c.Item2,
                ["currency"] = b.Item1,
                ["payment_status"] = b.Item2,
                ["mode"] = b.Item3,
                ["status"] = c.Item4,
                ["payment_intent"] = "pi_" + a.Item1,
                ["charge"] = "ch_" + a.Item1,
                ["subscription"] = "sub_" + c.Item1,
                ["customer"] = "cus_" + c.Item1,
                ["customer_email"] = b.Item4,
                ["reason"] = b.Item4,
            });

    private static readonly Gen<string> EventJson = Gen.Select(Id, Gen.Frequency((6, Gen.OneOf(Types)), (1, Values.Wild)), DataObject,
        (id, type, data) => new JsonObject
        {
            ["id"] = "evt_fuzz_" + id,
            ["object"] = "event",
            ["type"] = type,
            ["created"] = FuzzServer.Start.ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["data"] = new JsonObject { ["object"] = data },
        }.ToJsonString());

    private static readonly Gen<byte[]> Body = Gen.Frequency(
        (8, EventJson.Select(Encoding.UTF8.GetBytes)),
        (1, EventJson.SelectMany(json => Gen.Int[0, json.Length].Select(length => Encoding.UTF8.GetBytes(json[..length])))),
        (1, Gen.OneOf("", "{}", "[]", "null", "\"event\"", "{\"id\":\"evt_1\"}", "{\"id\":1,\"type\":[]}").Select(Encoding.UTF8.GetBytes)),
        (1, Gen.Byte.Array[0, 128]));

    private enum Signing { Valid, WrongSecret, Stale, Future, Missing, Garbled, Extra }

    private static readonly Gen<Signing> SigningKind = Gen.Frequency(
        (6, Gen.Const(Signing.Valid)), (1, Gen.Const(Signing.WrongSecret)), (1, Gen.Const(Signing.Stale)), (1, Gen.Const(Signing.Future)),
        (1, Gen.Const(Signing.Missing)), (1, Gen.Const(Signing.Garbled)), (1, Gen.Const(Signing.Extra)));

    public static readonly Gen<FuzzCase> Cases = Gen.Select(Body, SigningKind, Values.Wild,
        (body, signing, noise) => (FuzzCase)new WebhookCase(body, Sign(body, signing, noise)));

    private static string? Sign(byte[] body, Signing signing, string noise) => signing switch
    {
        Signing.Valid => Signature(body, FuzzServer.WebhookSecret, 0),
        Signing.WrongSecret => Signature(body, "whsec_not_the_secret", 0),
        Signing.Stale => Signature(body, FuzzServer.WebhookSecret, -3600),
        Signing.Future => Signature(body, FuzzServer.WebhookSecret, 3600),
        Signing.Missing => null,
        Signing.Garbled => new string(noise.Where(c => c is >= ' ' and < '\u007F').ToArray()),
        _ => Signature(body, FuzzServer.WebhookSecret, 0) + ",v1=00,v0=abc,t=1",
    };

    // As Stripe signs: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body"> keyed with the endpoint secret.
    private static string Signature(byte[] body, string secret, long offsetSeconds)
    {
        var timestamp = FuzzServer.UnixNow(offsetSeconds);
        byte[] signed = [.. Encoding.UTF8.GetBytes(timestamp + "."), .. body];
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }
}
