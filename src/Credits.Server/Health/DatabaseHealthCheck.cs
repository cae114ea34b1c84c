using Credits.Ledger.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Credits.Server.Health;

/// <summary>Healthy while the ledger database answers a trivial query.</summary>
internal sealed class DatabaseHealthCheck(LedgerDatabase database) : IHealthCheck
{
    public const string Name = "database";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await database.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // The health check framework logs the exception; the status is what callers act on.
            return new HealthCheckResult(context.Registration.FailureStatus, "The ledger database does not answer.", error);
        }
    }
}
