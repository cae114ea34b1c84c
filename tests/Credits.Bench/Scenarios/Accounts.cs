using System.Globalization;

namespace Credits.Bench.Scenarios;

/// <summary>The accounts every database is seeded with, and how callers pick from them.</summary>
internal sealed class Accounts
{
    /// <summary>Credits granted to each account: far more than any run can reserve.</summary>
    public const long SeedCredits = 1_000_000_000_000;

    public Accounts(int uniformCount)
    {
        Uniform = [.. Enumerable.Range(0, uniformCount).Select(i => "user:bench-" + i.ToString("D5", CultureInfo.InvariantCulture))];
    }

    /// <summary>The accounts of the uniform set.</summary>
    public IReadOnlyList<string> Uniform { get; }

    /// <summary>The one account of the hot set.</summary>
    public string Hot { get; } = "user:bench-hot";

    /// <summary>The account the history follower watches while writers write to it; its journal holds only its seed grant at the start of each scenario.</summary>
    public string Followed { get; } = "user:bench-followed";

    /// <summary>The account GetUsage reads: a year of synthetic commits is added to its journal by SQL after seeding (<see cref="UsageReads"/>).</summary>
    public string Usage { get; } = "user:bench-usage";

    /// <summary>Every account to seed.</summary>
    public IEnumerable<string> All => Uniform.Append(Hot).Append(Followed).Append(Usage);

    /// <summary>A picker for <paramref name="set"/>.</summary>
    public Func<string> Picker(AccountSetKind set)
    {
        if (set == AccountSetKind.Hot)
        {
            var hot = Hot;
            return () => hot;
        }
        var uniform = Uniform.ToArray();
        // Not a security decision: a uniform spread of load over the accounts.
#pragma warning disable CA5394
        return () => uniform[Random.Shared.Next(uniform.Length)];
#pragma warning restore CA5394
    }
}
