using System.Globalization;
using Credits.Client;
using Credits.V1;

namespace Credits.Bench.Scenarios;

/// <summary>The ledger's hot path through the generated client: one Reserve RPC of one credit, then one Commit RPC of the whole hold.</summary>
internal static class LedgerPairs
{
    public const string Name = "ledger Reserve+Commit";

    /// <summary>One caller's operation; each Reserve carries a fresh idempotency key <paramref name="keyPrefix"/> + counter.</summary>
    public static Measurement.Operation Create(CreditsClient client, string keyPrefix, Func<string> nextAccount)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        ArgumentNullException.ThrowIfNull(nextAccount);
        long counter = 0;
        return async cancellationToken =>
        {
            var reserve = new ReserveRequest
            {
                AccountId = nextAccount(),
                Amount = 1,
                IdempotencyKey = keyPrefix + (counter++).ToString(CultureInfo.InvariantCulture),
            };
            var hold = await client.ReserveAsync(reserve, DateTime.UtcNow + Measurement.CallTimeout, cancellationToken);
            var commit = await client.CommitAsync(new CommitRequest { HoldId = hold.HoldId }, DateTime.UtcNow + Measurement.CallTimeout, cancellationToken);
            if (commit.Committed != 1)
            {
                throw new InvalidOperationException($"Commit of {hold.HoldId} debited {commit.Committed}, not 1.");
            }
        };
    }
}
