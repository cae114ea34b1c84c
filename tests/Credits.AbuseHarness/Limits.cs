namespace Credits.AbuseHarness;

/// <summary>
/// The limits the harness runs the server with: low, so that going past each takes seconds, not
/// minutes, on a 2-core machine. The normal caller stays well inside them.
/// </summary>
internal static class Limits
{
    public const int RequestsPerSecond = 250;
    public const int StreamsPerKey = 40;
    public const int StreamsPerAccount = 10;
    public const int Connections = 100;
    public const int LotsPerAccount = 1_000;
    public const int HoldsPerAccount = 1_000;

    /// <summary>
    /// The flood's attempted rate: twice what a key may make, so half is refused. More is no harder
    /// for the server (a refusal costs little) but the harness's own client, in the normal caller's
    /// process, would then take the CPU the normal caller is measured on: all share two cores.
    /// </summary>
    public const int FloodPerSecond = RequestsPerSecond * 2;

    /// <summary>Streams the stream hog tries beyond its cap, and followers tried beyond an account's cap.</summary>
    public const int StreamsBeyond = 10;

    /// <summary>Connections tried beyond the cap.</summary>
    public const int ConnectionsBeyond = 25;

    public static IEnumerable<KeyValuePair<string, string>> AsEnvironment() =>
    [
        new("Limits__ApiKeyRequestsPerSecond", $"{RequestsPerSecond}"),
        new("Limits__StreamsPerApiKeyMax", $"{StreamsPerKey}"),
        new("Limits__StreamsPerAccountMax", $"{StreamsPerAccount}"),
        new("Kestrel__Limits__MaxConcurrentConnections", $"{Connections}"),
        new("Ledger__LiveLotsPerAccountMax", $"{LotsPerAccount}"),
        new("Ledger__ActiveHoldsPerAccountMax", $"{HoldsPerAccount}"),
    ];
}
