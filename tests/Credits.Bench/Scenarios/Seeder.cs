using System.Diagnostics;
using Credits.Client;
using Credits.V1;

namespace Credits.Bench.Scenarios;

/// <summary>Seeds a fresh ledger through its own Grant RPC: one grant per account, a bounded number in flight.</summary>
internal static class Seeder
{
    private const int InFlight = 64;

    /// <summary>Grants <see cref="Accounts.SeedCredits"/> to every account of <paramref name="accounts"/>; returns how long it took.</summary>
    public static async Task<TimeSpan> SeedAsync(CreditsClient client, Accounts accounts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(accounts);
        var stopwatch = Stopwatch.StartNew();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(accounts.All, parallel, async (accountId, token) =>
        {
            var grant = new GrantRequest
            {
                AccountId = accountId,
                Amount = Accounts.SeedCredits,
                Bucket = Bucket.Purchased,
                Reference = "bench-seed",
                IdempotencyKey = "seed:" + accountId,
            };
            await client.GrantAsync(grant, DateTime.UtcNow + Measurement.CallTimeout, token);
        });
        return stopwatch.Elapsed;
    }
}
