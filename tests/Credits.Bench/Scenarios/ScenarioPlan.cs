using System.Globalization;

namespace Credits.Bench.Scenarios;

/// <summary>Every scenario of a run, in order, and how long the run should take.</summary>
internal sealed class ScenarioPlan
{
    // Rough costs outside the measurements, for the estimate: starting a server and copying a
    // database per scenario, and seeding the template per provider.
    private static readonly TimeSpan PerScenario = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan PerSeeding = TimeSpan.FromSeconds(20);

    private readonly BenchOptions _options;

    public ScenarioPlan(BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        var scenarios = new List<Scenario>();
        foreach (var provider in options.Providers)
        {
            foreach (var callers in options.Callers)
            {
                for (var i = 0; i < options.AccountSets.Count; i++)
                {
                    // The no-op touches no account: measured once per provider and callers.
                    // A quick run measures Transfer once per provider and callers, on the uniform set, to stay cheap.
                    scenarios.Add(new Scenario(provider, options.AccountSets[i], callers, MeasuresNoop: i == 0,
                        MeasuresTransfers: !options.Quick || options.AccountSets[i] == AccountSetKind.Uniform,
                        MeasuresPgbench: provider == ProviderKind.Postgres && options.Pgbench is not null, PairsOnly: options.PairsOnly));
                }
            }
        }
        Scenarios = scenarios;
    }

    public IReadOnlyList<Scenario> Scenarios { get; }

    public int Measurements => Scenarios.Sum(scenario => scenario.Measurements);

    public TimeSpan MeasuringTime => (_options.Warmup + _options.Duration) * Scenarios.Sum(scenario => scenario.MeasuringUnits);

    public TimeSpan ExpectedTotal => MeasuringTime + (PerScenario + _options.Settle) * Scenarios.Count + PerSeeding * _options.Providers.Count;

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Measurements} measurements of {_options.Warmup.TotalSeconds:0.#} s warm-up + {_options.Duration.TotalSeconds:0.#} s in {Scenarios.Count} scenarios: " +
        $"{MeasuringTime.TotalSeconds:0} s of measuring, about {Minutes(ExpectedTotal)} in all with server starts and seeding");

    private static string Minutes(TimeSpan span) => span.TotalMinutes >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0.0} min")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0} s");
}
