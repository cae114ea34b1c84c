using System.Globalization;
using Credits.Client;
using Credits.V1;

namespace Credits.Bench.Scenarios;

/// <summary>
/// The pool's hot path beside <see cref="LedgerPairs"/>: a Reserve of one credit on the one pool
/// account on behalf of one of its <see cref="Members"/> members (each with a monthly limit, so
/// the limit is read and its usage row written every time), then a Commit of the whole hold, which
/// returns to both levels. Every caller locks the same pool account, so the fair comparison is
/// the hot set's plain pairs as well as the uniform set's.
/// </summary>
internal static class PoolPairs
{
    public const int Members = 10;

    // Far more than a run can reserve, so no reserve is refused for the limit.
    private const long MemberLimit = 1_000_000_000;

    public static string Name => string.Create(CultureInfo.InvariantCulture, $"ledger pool Reserve+Commit ({Members} members)");

    public const string Pool = "org:bench-pool";

    public static IReadOnlyList<string> MemberIds { get; } =
        [.. Enumerable.Range(0, Members).Select(i => "user:bench-member-" + i.ToString("D2", CultureInfo.InvariantCulture))];

    /// <summary>
    /// Grants the pool <see cref="Accounts.SeedCredits"/>, adds the members (needs the admin scope)
    /// and spends one credit for each, so the template's pool tables have rows and statistics as
    /// the other tables do (see <see cref="Seeder"/>).
    /// </summary>
    public static async Task SeedAsync(CreditsClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        await client.GrantAsync(new GrantRequest
        {
            AccountId = Pool, Amount = Accounts.SeedCredits, Bucket = Bucket.Purchased, Reference = "bench-seed", IdempotencyKey = "seed:" + Pool,
        }, DateTime.UtcNow + Measurement.CallTimeout, cancellationToken);
        foreach (var member in MemberIds)
        {
            await client.AddPoolMemberAsync(new AddPoolMemberRequest
            {
                PoolAccountId = Pool, MemberAccountId = member, Limit = MemberLimit, Period = PoolPeriod.Month, Role = PoolRole.Member,
                IdempotencyKey = "seed-member:" + member,
            }, cancellationToken);
            var hold = await client.ReserveAsync(new ReserveRequest { AccountId = Pool, OnBehalfOf = member, Amount = 1, IdempotencyKey = "seed-reserve:" + member },
                DateTime.UtcNow + Measurement.CallTimeout, cancellationToken);
            await client.CommitAsync(new CommitRequest { HoldId = hold.HoldId }, DateTime.UtcNow + Measurement.CallTimeout, cancellationToken);
        }
    }

    /// <summary>One caller's operation; each Reserve carries a fresh idempotency key <paramref name="keyPrefix"/> + counter and a random member.</summary>
    public static Measurement.Operation Create(CreditsClient client, string keyPrefix)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        long counter = 0;
        return async cancellationToken =>
        {
            var reserve = new ReserveRequest
            {
                AccountId = Pool,
                // Not a security decision: a uniform spread of load over the members.
#pragma warning disable CA5394
                OnBehalfOf = MemberIds[Random.Shared.Next(MemberIds.Count)],
#pragma warning restore CA5394
                Amount = 1,
                IdempotencyKey = keyPrefix + (counter++).ToString(CultureInfo.InvariantCulture),
            };
            var hold = await client.ReserveAsync(reserve, DateTime.UtcNow + Measurement.CallTimeout, cancellationToken);
            var commit = await client.CommitAsync(new CommitRequest { HoldId = hold.HoldId }, DateTime.UtcNow + Measurement.CallTimeout, cancellationToken);
            if (commit.Committed != 1)
            {
                throw new InvalidOperationException($"Commit of pool hold {hold.HoldId} debited {commit.Committed}, not 1.");
            }
        };
    }
}
