using Grpc.Health.V1;

namespace Credits.Bench.Baselines;

/// <summary>
/// The floor of a unary call to the same server stack: <c>grpc.health.v1.Health/Check</c> on the
/// ledger server (same process, Kestrel, HTTP/2, channel), which needs no key and runs no ledger
/// code. The overall status (service "") is the server's liveness check, which does no database
/// work; the database check belongs to the ledger service's readiness status only.
/// </summary>
internal static class NoopBaseline
{
    public const string Name = "no-op Health/Check";

    /// <summary>One caller's operation: one Check that must answer SERVING.</summary>
    public static Measurement.Operation Create(Health.HealthClient health)
    {
        ArgumentNullException.ThrowIfNull(health);
        var request = new HealthCheckRequest();
        return async cancellationToken =>
        {
            var response = await health.CheckAsync(request, deadline: DateTime.UtcNow + Measurement.CallTimeout, cancellationToken: cancellationToken);
            if (response.Status != HealthCheckResponse.Types.ServingStatus.Serving)
            {
                throw new InvalidOperationException($"Health/Check answered {response.Status}.");
            }
        };
    }
}
