using Credits.Ledger.Errors;
using Microsoft.Extensions.Logging;

namespace Credits.Ledger.Engine;

/// <summary>
/// The one retry policy for database work: transient failures (deadlocks, serialization failures,
/// a dropped or refused connection) run the work again with a growing, jittered back-off; when
/// they persist the caller gets UNAVAILABLE, after which a retry with the same idempotency key is safe.
/// </summary>
internal static class TransientRetry
{
    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, int retriesMax, ILogger logger, string what,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await work(cancellationToken);
            }
            catch (Exception exception) when (TransientErrors.IsTransient(exception) && !cancellationToken.IsCancellationRequested)
            {
                if (attempt >= retriesMax)
                {
                    logger.LogError(exception, "{Work} failed after {Attempts} attempts", what, attempt + 1);
                    throw LedgerErrors.Unavailable("The ledger database is unavailable; retry with the same idempotency key.").ToException();
                }
                logger.LogWarning(exception, "Transient database error in {Work} on attempt {Attempt}; retrying", what, attempt + 1);
                LedgerMetrics.Retried();
                var backoffMs = Math.Min(1000, 10 << Math.Min(attempt, 6)) + Random.Shared.Next(10);
                await Task.Delay(backoffMs, cancellationToken);
            }
        }
    }
}
