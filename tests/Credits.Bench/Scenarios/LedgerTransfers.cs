using System.Globalization;
using Credits.Client;
using Credits.V1;

namespace Credits.Bench.Scenarios;

/// <summary>
/// Transfer through the generated client: one credit from a sender of the scenario's set to another
/// account of the uniform set, one transaction over both accounts (the engine's ordered locks).
/// </summary>
internal static class LedgerTransfers
{
    public const string Name = "ledger Transfer";

    /// <summary>One caller's operation; each Transfer carries a fresh idempotency key <paramref name="keyPrefix"/> + counter.</summary>
    public static Measurement.Operation Create(CreditsClient client, string keyPrefix, Func<string> nextSender, Func<string> nextReceiver)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        ArgumentNullException.ThrowIfNull(nextSender);
        ArgumentNullException.ThrowIfNull(nextReceiver);
        long counter = 0;
        return async cancellationToken =>
        {
            var from = nextSender();
            var to = nextReceiver();
            while (to == from)
            {
                to = nextReceiver();
            }
            var request = new TransferRequest
            {
                FromAccountId = from,
                ToAccountId = to,
                Amount = 1,
                IdempotencyKey = keyPrefix + (counter++).ToString(CultureInfo.InvariantCulture),
            };
            var response = await client.TransferAsync(request, DateTime.UtcNow + Measurement.CallTimeout, cancellationToken);
            if (response.Moved != 1)
            {
                throw new InvalidOperationException($"Transfer from {from} to {to} moved {response.Moved}, not 1.");
            }
        };
    }
}
