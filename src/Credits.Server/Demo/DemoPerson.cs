namespace Credits.Server.Demo;

/// <summary>
/// One simulated person: how much they use the product on a weekday, how their use grows, which
/// features they favour, and how they pay (packs when running low, or a monthly allowance).
/// </summary>
internal sealed record DemoPerson(string AccountId, string DisplayName, double OperationsPerDay, double GrowthPerMonth,
    IReadOnlyList<double> FeatureWeights, bool Subscribes, bool JoinsLeaderboard)
{
    private static readonly string[] Names =
        ["Ada", "Grace", "Linus", "Margaret", "Alan", "Barbara", "Dennis", "Frances", "Ken", "Radia", "Edsger", "Hedy"];

    public static DemoPerson Create(int index, int features, Random random)
    {
        var weights = Enumerable.Range(0, features).Select(_ => 0.2 + random.NextDouble()).ToArray();
        var total = weights.Sum();
        return new DemoPerson(
            DemoPlan.AccountId(index),
            $"{Names[index % Names.Length]} {(char)('A' + index / Names.Length)}.",
            OperationsPerDay: 1 + random.NextDouble() * 9,
            GrowthPerMonth: -0.1 + random.NextDouble() * 0.5,
            [.. weights.Select(weight => weight / total)],
            Subscribes: index % 3 == 0,
            JoinsLeaderboard: index % 2 == 0);
    }

    /// <summary>Operations on <paramref name="day"/> (days since the start): fewer at weekends, growing month on month.</summary>
    public int OperationsOn(DateOnly date, int day, Random random)
    {
        var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.4 : 1.0;
        var mean = OperationsPerDay * weekend * Math.Pow(1 + GrowthPerMonth, day / 30.0);
        // Poisson by inversion: fine for the small means used here.
        var (limit, product, count) = (Math.Exp(-mean), random.NextDouble(), 0);
        while (product > limit)
        {
            product *= random.NextDouble();
            count++;
        }
        return count;
    }

    public int PickFeature(Random random)
    {
        var roll = random.NextDouble();
        for (var i = 0; i < FeatureWeights.Count; i++)
        {
            roll -= FeatureWeights[i];
            if (roll <= 0)
            {
                return i;
            }
        }
        return FeatureWeights.Count - 1;
    }
}
