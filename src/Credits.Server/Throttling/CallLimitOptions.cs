namespace Credits.Server.Throttling;

/// <summary>
/// How much one caller may ask of the server (section <c>Limits</c>). A caller is an API key (by
/// name) or an end user (by the account their token names). Beyond a limit a call is refused with
/// RESOURCE_EXHAUSTED and a retry delay, so one runaway or hostile caller cannot take the server
/// from everyone else.
/// </summary>
public sealed class CallLimitOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Limits";

    /// <summary>
    /// Calls per second one API key may make, with bursts of up to a second's worth. Far above one
    /// service's honest load (the benchmark's busiest run is about 8,000 calls a second on one key)
    /// and low enough that a loop gone wrong leaves room for the others.
    /// </summary>
    public int ApiKeyRequestsPerSecond { get; set; } = 20_000;

    /// <summary>Calls per second one end user may make from a browser; a page makes a handful.</summary>
    public int EndUserRequestsPerSecond { get; set; } = 20;

    /// <summary>Open history streams one API key may hold: each is a connection's stream and a follower's memory.</summary>
    public int StreamsPerApiKeyMax { get; set; } = 1_000;

    /// <summary>Open history streams one end user may hold (a few browser tabs).</summary>
    public int StreamsPerEndUserMax { get; set; } = 5;

    /// <summary>Open history streams on one account, whoever opened them.</summary>
    public int StreamsPerAccountMax { get; set; } = 100;

    /// <summary>How long a caller refused a stream is told to wait before trying again.</summary>
    public TimeSpan StreamRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
}
