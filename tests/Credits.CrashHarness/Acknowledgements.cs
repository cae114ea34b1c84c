using System.Collections.Concurrent;

namespace Credits.CrashHarness;

/// <summary>
/// When and after how many attempts an answer came: <see cref="AnsweredAtMs"/> is when the attempt
/// that got the answer was sent. A change the database stamped before that moment was applied by an
/// earlier attempt whose answer was lost (the server was killed, or PostgreSQL went down after the
/// commit): the answer came from the idempotency store or the hold's recorded outcome.
/// </summary>
internal readonly record struct Delivery(int Attempts, long AnsweredAtMs);

/// <summary>An acknowledged grant: the lot the server said it created.</summary>
internal sealed record GrantAck(string Key, string AccountId, long Amount, string LotId, Delivery Delivery);

/// <summary>An acknowledged reserve: the hold the server said it created.</summary>
internal sealed record ReserveAck(string Key, string AccountId, long Amount, string HoldId, Delivery Delivery);

/// <summary>An acknowledged commit; <see cref="Requested"/> is null for "all of the hold".</summary>
internal sealed record CommitAck(string HoldId, string AccountId, long? Requested, long Committed, long Released, Delivery Delivery);

/// <summary>An acknowledged release.</summary>
internal sealed record ReleaseAck(string HoldId, string AccountId, long Released, Delivery Delivery);

/// <summary>A keyed request the server definitively refused (a domain error): it must have changed nothing.</summary>
internal sealed record RefusedKey(string Key, string AccountId, string Rpc, string Reason);

/// <summary>
/// What the callers were told, recorded as the answers arrive: every acknowledged operation, every
/// definitive refusal, every key sent, and what was abandoned (only when the harness runs out of
/// time, which fails the run). The audit compares this with the database.
/// </summary>
internal sealed class Acknowledgements
{
    private long _reads;
    private long _replays;

    public ConcurrentQueue<GrantAck> Grants { get; } = new();
    public ConcurrentQueue<ReserveAck> Reserves { get; } = new();
    public ConcurrentQueue<CommitAck> Commits { get; } = new();
    public ConcurrentQueue<ReleaseAck> Releases { get; } = new();
    public ConcurrentQueue<RefusedKey> Refused { get; } = new();

    /// <summary>Every idempotency key sent, with its account.</summary>
    public ConcurrentDictionary<string, string> SentKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>Operations whose answer never came because the harness ran out of time; their accounts cannot be balanced exactly.</summary>
    public ConcurrentQueue<(string What, string AccountId)> Abandoned { get; } = new();

    /// <summary>Wrong answers noticed while running (a refused commit of an active hold, a replay that differs...).</summary>
    public ConcurrentQueue<string> Problems { get; } = new();

    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>Acknowledged requests sent again on purpose, whose answer had to equal the first.</summary>
    public long Replays => Interlocked.Read(ref _replays);

    public long Mutations => Grants.Count + Reserves.Count + Commits.Count + Releases.Count;

    public void CountRead() => Interlocked.Increment(ref _reads);

    public void CountReplay() => Interlocked.Increment(ref _replays);
}
