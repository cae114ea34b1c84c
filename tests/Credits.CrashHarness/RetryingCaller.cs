using System.Diagnostics;
using Credits.Client.Errors;
using Grpc.Core;

namespace Credits.CrashHarness;

/// <summary>
/// How a call ended: answered (a value or a definitive refusal) or abandoned because the harness ran
/// out of time. <see cref="LastAttemptAtMs"/> is when the answering attempt was sent (Unix ms, the
/// clock the server on this machine also uses).
/// </summary>
internal sealed record Answer<T>(T? Value, CreditsException? Refusal, int Attempts, long LastAttemptAtMs = 0)
    where T : class
{
    public bool Abandoned => Value is null && Refusal is null;
}

/// <summary>
/// Sends one request until it gets a definitive answer: a response, or a domain error such as
/// INSUFFICIENT_CREDITS. UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED and broken connections are
/// retried with the very same request (so the same idempotency key), each attempt with its own
/// deadline, after a short jittered back-off. It gives up only when the harness's hard time limit
/// passes.
/// </summary>
internal sealed class RetryingCaller(CallStats stats, TimeSpan attemptDeadline, Random random, CancellationToken abort)
{
    private static readonly TimeSpan BackoffMax = TimeSpan.FromMilliseconds(500);

    public async Task<Answer<T>> CallAsync<T>(string rpc, Func<CallOptions, Task<T>> call)
        where T : class
    {
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            if (abort.IsCancellationRequested)
            {
                return new Answer<T>(null, null, attempt - 1);
            }
            stats.AttemptStarted();
            var sentAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            try
            {
                // The harness's own token is not passed: an attempt ends by its deadline, never by a
                // cancellation the server would see as a caller giving up.
                var value = await call(new CallOptions(deadline: DateTime.UtcNow + attemptDeadline));
                stats.Answered(attempt, Stopwatch.GetElapsedTime(started));
                CountWrite(rpc, sentAtMs);
                return new Answer<T>(value, null, attempt, sentAtMs);
            }
            catch (CreditsException error) when (IsRetryable(error))
            {
                stats.AttemptFailed(rpc, error);
            }
            catch (CreditsException error)
            {
                stats.Answered(attempt, Stopwatch.GetElapsedTime(started));
                CountWrite(rpc, sentAtMs);
                return new Answer<T>(null, error, attempt, sentAtMs);
            }
            finally
            {
                stats.AttemptEnded();
            }
            var backoff = Math.Min(BackoffMax.TotalMilliseconds, 25 * Math.Pow(2, Math.Min(attempt, 6)));
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(backoff / 2 + random.NextDouble() * backoff / 2), abort);
            }
            catch (OperationCanceledException)
            {
                return new Answer<T>(null, null, attempt);
            }
        }
    }

    private void CountWrite(string rpc, long sentAtMs)
    {
        if (!rpc.StartsWith("GetBalance", StringComparison.Ordinal))
        {
            stats.WriteAnswered(sentAtMs);
        }
    }

    /// <summary>
    /// Failures after which the request may or may not have been applied, so it is sent again.
    /// INTERNAL and UNKNOWN are retried too (the request is idempotent), but a server that answers
    /// them is reported by <see cref="CallStats"/>.
    /// </summary>
    private static bool IsRetryable(CreditsException error) => error.StatusCode is
        StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Cancelled or
        StatusCode.Aborted or StatusCode.Internal or StatusCode.Unknown;
}
