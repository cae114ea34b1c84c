namespace Credits.Server.Tests.Support;

/// <summary>How a test server is configured; <see cref="Default"/> is a Production host with the test keys.</summary>
public sealed record ServerSettings
{
    public static ServerSettings Default { get; } = new();

    /// <summary>The host environment, passed as <c>--environment</c>.</summary>
    public string Environment { get; init; } = "Production";

    /// <summary>Whether <c>Auth:ApiKeys</c> holds the test keys (<see cref="TestKeys"/>).</summary>
    public bool WithKeys { get; init; } = true;

    /// <summary>
    /// Time between expiry sweeps on the fake clock. The default (the longest allowed) keeps the
    /// sweeper out of the way: reads and writes still treat due expiries lazily.
    /// </summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Time between renewal passes of manual subscriptions on the fake clock (the longest allowed by default).</summary>
    public TimeSpan RenewalInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// <c>Database:UnsafeDurability</c>. The test PostgreSQL runs with fsync off (its data is thrown
    /// away), so fixtures ask the server to warn rather than refuse.
    /// </summary>
    public string UnsafeDurability { get; init; } = "Warn";

    /// <summary>More configuration, applied over the fixture's own (for example <c>Ledger:IdempotencyKeyRetention</c>).</summary>
    public IReadOnlyDictionary<string, string?> Configuration { get; init; } = new Dictionary<string, string?>();
}
