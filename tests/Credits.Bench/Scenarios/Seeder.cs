using System.Diagnostics;
using Credits.Client;
using Credits.V1;

namespace Credits.Bench.Scenarios;

/// <summary>
/// Seeds a fresh ledger through its own RPCs, a bounded number in flight: one grant per account,
/// and one paid operation (Reserve + Commit) per account except the followed one, whose journal
/// must hold only its grant. The paid operations matter: with an empty holds table, PostgreSQL
/// picks a sequential scan as the generic plan of the prepared hold statements and keeps it for
/// the connection's life, which grows slower with every hold the measurement writes. A production
/// database has a history and statistics that say so (autovacuum analyses a table after its first
/// fifty changes and the cached plans are replanned); so does the template the scenarios copy.
/// </summary>
internal static class Seeder
{
    private const int InFlight = 64;

    /// <summary>Grants <see cref="Accounts.SeedCredits"/> to every account of <paramref name="accounts"/> and spends one credit of each but the followed; returns how long it took.</summary>
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
            if (accountId != accounts.Followed)
            {
                var reserve = new ReserveRequest { AccountId = accountId, Amount = 1, IdempotencyKey = "seed-reserve:" + accountId };
                var hold = await client.ReserveAsync(reserve, DateTime.UtcNow + Measurement.CallTimeout, token);
                await client.CommitAsync(new CommitRequest { HoldId = hold.HoldId }, DateTime.UtcNow + Measurement.CallTimeout, token);
            }
        });
        return stopwatch.Elapsed;
    }
}
