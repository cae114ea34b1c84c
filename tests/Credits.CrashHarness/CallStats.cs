using System.Collections.Concurrent;
using Credits.Client.Errors;
using Grpc.Core;

namespace Credits.CrashHarness;

/// <summary>
/// Counts what the callers saw: failed attempts by status (and ErrorInfo reason, or "transport" when
/// the client itself produced the status because the connection broke), answers, how many needed
/// retries, the longest wait for an answer, and calls in flight (sampled at each chaos event).
/// A server that answers INTERNAL or UNKNOWN breaks the contract and is listed.
/// </summary>
internal sealed class CallStats
{
    private readonly ConcurrentDictionary<string, long> _failures = new(StringComparer.Ordinal);
    private long _inFlight;
    private long _answers;
    private long _answeredAfterRetry;
    private long _attemptsMax;
    private long _longestWaitMs;

    public long InFlight => Interlocked.Read(ref _inFlight);
    public long Answers => Interlocked.Read(ref _answers);
    public long AnsweredAfterRetry => Interlocked.Read(ref _answeredAfterRetry);
    public long AttemptsMax => Interlocked.Read(ref _attemptsMax);
    public TimeSpan LongestWait => TimeSpan.FromMilliseconds(Interlocked.Read(ref _longestWaitMs));
    public long FailedAttempts => _failures.Values.Sum();

    private readonly ConcurrentDictionary<string, long> _unexpected = new(StringComparer.Ordinal);

    /// <summary>
    /// Statuses the server itself should never answer under these faults (INTERNAL or UNKNOWN sent by
    /// the server, not made up by the client for a broken connection), by "rpc: status message".
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, long>> Unexpected => [.. _unexpected.OrderByDescending(pair => pair.Value)];

    public long UnexpectedAnswers => _unexpected.Values.Sum();

    /// <summary>Failed attempts by "STATUS reason".</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Failures => [.. _failures.OrderByDescending(pair => pair.Value)];

    /// <summary>
    /// When the latest answered write attempt was sent (Unix ms): a write answered after a fault was
    /// sent after it proves the service writes again (a balance read may come from the cache).
    /// </summary>
    public long LastWriteSentAtMs => Interlocked.Read(ref _lastWriteSentAtMs);

    private long _lastWriteSentAtMs;

    /// <summary>
    /// The longest time no write got an answer, while the load ran: what callers saw of an outage
    /// (each caller retries, so under load writes are answered every few milliseconds otherwise).
    /// </summary>
    public TimeSpan LongestWriteGap => TimeSpan.FromMilliseconds(Interlocked.Read(ref _longestWriteGapMs));

    private long _longestWriteGapMs;
    private long _lastWriteAnsweredMs;

    /// <summary>A write (not GetBalance) got a definitive answer from the attempt sent at <paramref name="sentAtMs"/>.</summary>
    public void WriteAnswered(long sentAtMs)
    {
        Max(ref _lastWriteSentAtMs, sentAtMs);
        var now = Environment.TickCount64;
        var previous = Interlocked.Exchange(ref _lastWriteAnsweredMs, now);
        if (previous != 0)
        {
            Max(ref _longestWriteGapMs, now - previous);
        }
    }

    public void AttemptStarted() => Interlocked.Increment(ref _inFlight);

    public void AttemptEnded() => Interlocked.Decrement(ref _inFlight);

    public void Answered(int attempts, TimeSpan waited)
    {
        Interlocked.Increment(ref _answers);
        if (attempts > 1)
        {
            Interlocked.Increment(ref _answeredAfterRetry);
        }
        Max(ref _attemptsMax, attempts);
        Max(ref _longestWaitMs, (long)waited.TotalMilliseconds);
    }

    public void AttemptFailed(string rpc, CreditsException error)
    {
        // Grpc.Net.Client attaches the exception behind a status it made up itself (connection
        // refused or reset); a status the server sent has none.
        var transport = error.RpcException?.Status.DebugException is not null;
        var label = StatusName(error.StatusCode) + " " + (error.Reason ?? (transport ? "(connection)" : "(no reason)"));
        _failures.AddOrUpdate(label, 1, (_, count) => count + 1);
        if (!transport && error.StatusCode is StatusCode.Internal or StatusCode.Unknown)
        {
            WrongStatus(rpc, error);
        }
    }

    /// <summary>Records an answer the server should not have given.</summary>
    public void WrongStatus(string rpc, CreditsException error) =>
        _unexpected.AddOrUpdate($"{rpc} answered {StatusName(error.StatusCode)}: {error.Message}", 1, (_, count) => count + 1);

    /// <summary>The status as the gRPC specification spells it: DEADLINE_EXCEEDED.</summary>
    public static string StatusName(StatusCode code) =>
        string.Concat(code.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();

    private static void Max(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }
}
