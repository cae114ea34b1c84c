using CsCheck;

namespace Credits.Fuzz.Tests.Generators;

/// <summary>
/// Field values, chosen by the field's name where the name says what the server expects: mostly
/// plausible (so calls get past validation and change state), often hostile (control characters,
/// bidi overrides, lone surrogates, over-long text, boundary numbers).
/// </summary>
internal static class Values
{
    /// <summary>The accounts most calls name, so grants, holds, claims and reads meet each other.</summary>
    public static readonly string[] Accounts = ["user:fuzz-a", "user:fuzz-b", "org:fuzz-c", "lead:fuzz-d", "lead:fuzz-e"];

    /// <summary>A value the runner replaces with an id a previous response returned (a hold, a key...).</summary>
    public const string PoolPrefix = "pool:";

    private static readonly Gen<string> Hostile = Gen.OneOf(
        Gen.Const("ref\0nul"), Gen.Const("rtl\u202Eexe.fdp"), Gen.Const("\uD800lone"), Gen.Const("tail\uDC00"),
        Gen.Const("tab\there"), Gen.Const("del\u007F"), Gen.Const("c1\u0085"), Gen.Const("isolate\u2066x"),
        Gen.Const("'; DROP TABLE journal; --"), Gen.Const("=HYPERLINK(\"http://x\")"), Gen.Const("\uFEFFbom"),
        Gen.Const("ÿ€\u00A0"), Gen.Const("user:\0"), Gen.Const("user:é"));

    private static readonly Gen<string> Printable =
        Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:_-./ "].Array[0, 24].Select(chars => new string(chars));

    /// <summary>Any text at all: printable, any UTF-16 code unit, empty, hostile, or too long for any field.</summary>
    public static readonly Gen<string> Wild = Gen.Frequency(
        (4, Printable),
        (2, Gen.Char.Array[0, 24].Select(chars => new string(chars))),
        (1, Gen.Const("")),
        (3, Hostile),
        (1, Gen.Int[60, 2100].Select(length => new string('x', length))));

    private static readonly Gen<long> BoundaryLong = Gen.OneOf(
        Gen.Const(0L), Gen.Const(-1L), Gen.Const(1L), Gen.Const(1_000_000_000_000L), Gen.Const(1_000_000_000_001L),
        Gen.Const(1_000_000_000_000_000L), Gen.Const(long.MaxValue), Gen.Const(long.MinValue), Gen.Const((long)int.MaxValue + 1),
        Gen.Long);

    private static readonly Gen<int> BoundaryInt = Gen.OneOf(
        Gen.Const(0), Gen.Const(-1), Gen.Const(1), Gen.Const(1000), Gen.Const(1001), Gen.Const(int.MaxValue), Gen.Const(int.MinValue), Gen.Int);

    private static Gen<string> Pool(string kind) => Gen.Int[0, 1000].Select(index => $"{PoolPrefix}{kind}:{index}");

    /// <summary>A string for the field called <paramref name="name"/> of message <paramref name="message"/>.</summary>
    public static Gen<string> String(string message, string name) => name switch
    {
        _ when name.EndsWith("account_id", StringComparison.Ordinal) => Gen.Frequency(
            (8, Gen.OneOf(Accounts)), (1, Printable.Select(text => "user:" + text)), (1, Wild)),
        "hold_id" => Gen.Frequency((7, Pool("hold")), (1, Printable), (1, Wild)),
        "key_id" => Gen.Frequency((5, Pool("key")), (1, Printable), (1, Wild)),
        "subscription_id" => Gen.Frequency((5, Pool("subscription")), (1, Printable), (1, Wild)),
        "event_id" => Gen.Frequency((5, Pool("event")), (1, Printable), (1, Wild)),
        "idempotency_key" => Gen.Frequency((8, Gen.Int[0, 300].Select(n => $"fuzz-key-{n}")), (1, Wild)),
        "feature" => Gen.Frequency((6, Gen.Const(Support.FuzzServer.Feature)), (1, Wild)),
        "pack_id" => Gen.Frequency((6, Gen.Const(Support.FuzzServer.Pack)), (1, Wild)),
        "tier_id" => Gen.Frequency((6, Gen.OneOf("basic", "pro")), (1, Wild)),
        "success_url" or "cancel_url" => Gen.Frequency((6, Gen.Const("https://shop.example.com/done")), (1, Wild)),
        "scopes" => Gen.Frequency((6, Gen.OneOf("ledger:read", "ledger:write", "admin")), (1, Wild)),
        "name" when message.EndsWith("MintApiKeyRequest", StringComparison.Ordinal) =>
            Gen.Frequency((6, Gen.Int[0, 50].Select(n => $"fuzz-service-{n}")), (1, Wild)),
        "service" => Gen.Frequency((3, Gen.OneOf("", "credits.v1.LedgerService")), (1, Wild)),
        _ => Gen.Frequency((3, Printable), (2, Wild)),
    };

    /// <summary>An int64 for the field called <paramref name="name"/> of message <paramref name="message"/>.</summary>
    public static Gen<long> Long(string message, string name) => (message, name) switch
    {
        ("google.protobuf.Timestamp", "seconds") => Gen.Frequency(
            (6, Gen.Long[1, 400L * 24 * 3600].Select(ahead => Support.FuzzServer.Start.ToUnixTimeSeconds() + ahead)), (1, BoundaryLong)),
        ("google.protobuf.Duration", "seconds") => Gen.Frequency((6, Gen.Long[1, 3600]), (1, BoundaryLong)),
        (_, "amount") => Gen.Frequency((8, Gen.Long[1, 300]), (1, BoundaryLong)),
        (_, "after_sequence" or "min_sequence") => Gen.Frequency((6, Gen.Long[0, 20]), (1, BoundaryLong)),
        _ => Gen.Frequency((3, Gen.Long[0, 100]), (1, BoundaryLong)),
    };

    /// <summary>An int32 for the field called <paramref name="name"/> of message <paramref name="message"/>.</summary>
    public static Gen<int> Int(string message, string name) => (message, name) switch
    {
        (_, "nanos") => Gen.Frequency((8, Gen.Const(0)), (1, Gen.Int[0, 999_999_999]), (1, BoundaryInt)),
        (_, "priority") => Gen.Frequency((4, Gen.Int[0, 1000]), (1, BoundaryInt)),
        (_, "page_size") => Gen.Frequency((4, Gen.Int[0, 100]), (1, BoundaryInt)),
        _ => Gen.Frequency((3, Gen.Int[0, 10]), (1, BoundaryInt)),
    };

    /// <summary>A bool for the field called <paramref name="name"/>: a follow stream never ends by itself, so it is rare.</summary>
    public static Gen<bool> Bool(string name) => name == "follow" ? Gen.Frequency((12, Gen.Const(false)), (1, Gen.Const(true))) : Gen.Bool;
}
