using System.Globalization;
using Credits.Bench.Scenarios;

namespace Credits.Bench;

/// <summary>The command line of the benchmark, parsed by hand: a handful of flags.</summary>
internal sealed record BenchOptions
{
    public const string PostgresVariable = "LEDGER_BENCH_PG";

    /// <summary>The PostgreSQL data directory (set by tests/bench.sh), whose postmaster's CPU the table reports.</summary>
    public const string PostgresDataVariable = "LEDGER_BENCH_PG_DATA";

    public const string Usage = """
        Credits ledger benchmark. Usually run through tests/bench.sh, which starts a throwaway
        PostgreSQL 15 (fsync and synchronous_commit on) and sets LEDGER_BENCH_PG, and
        LEDGER_BENCH_PG_DATA (its data directory) so the table can report PostgreSQL's CPU.

        Usage: Credits.Bench [options]
          --quick               CI smoke test: 4 and 16 callers, 0.5 s warm-up + 1.5 s per measurement;
                                exit code 0 only if every measurement completed with zero errors
          --pg CONNSTRING       PostgreSQL admin connection string (default: $LEDGER_BENCH_PG); the tool
                                creates and drops its own databases on that server
          --server-dll PATH     the server to run (default: src/Credits.Server/bin/Release/net10.0/Credits.Server.dll
                                under the repository root, found upwards from the current directory)
          --providers LIST      postgres,sqlite (default: both)
          --callers LIST        concurrent callers (default: 1,4,16,64; quick: 4,16)
          --sets LIST           account sets: uniform,hot (default: both)
          --accounts N          accounts of the uniform set (default: 10000)
          --usage-entries N     journal entries of the GetUsage account, spread over a year
                                (default: 1000000; quick: 100000)
          --gift-codes N        gift codes the seed creates for the RedeemGiftCode row; each redemption
                                uses one, so a measurement must not need more (default: 160000; quick: 16000)
          --warmup SECONDS      warm-up before each measurement (default: 2; quick: 0.5)
          --duration SECONDS    measuring window of each measurement (default: 10; quick: 1.5)
          --settle SECONDS      unrecorded Reserve+Commit pairs before a scenario's first ledger measurement, so that
                                the server's tiered JIT has settled (default: 20; quick: 0)
          --pairs-only          only the no-op, the raw-SQL and pgbench baselines and Reserve+Commit pairs: the
                                rows the speed goals compare (for A/B runs and profiles)
          pgbench: $LEDGER_BENCH_PGBENCH (tests/bench.sh sets it), else PostgreSQL 15's, else the PATH's;
                                PostgreSQL scenarios need it
          --help                this text
        """;

    public bool Quick { get; init; }

    public string? PostgresConnectionString { get; init; }

    /// <summary>The PostgreSQL cluster's data directory when known (from $LEDGER_BENCH_PG_DATA), for CPU accounting.</summary>
    public string? PostgresDataDirectory { get; init; }

    public required string ServerDll { get; init; }

    public required IReadOnlyList<ProviderKind> Providers { get; init; }

    public required IReadOnlyList<int> Callers { get; init; }

    public required IReadOnlyList<AccountSetKind> AccountSets { get; init; }

    public int Accounts { get; init; } = 10_000;

    /// <summary>Journal entries written (by SQL, into the template) to the account GetUsage reads.</summary>
    public int UsageEntries { get; init; } = 1_000_000;

    /// <summary>Gift codes the template's seed creates (<see cref="Scenarios.GiftRedemptions"/>).</summary>
    public int GiftCodes { get; init; } = 160_000;

    public TimeSpan Warmup { get; init; }

    public TimeSpan Duration { get; init; }

    /// <summary>Unrecorded pairs before a scenario's first ledger measurement (<c>--settle</c>).</summary>
    public TimeSpan Settle { get; init; }

    /// <summary>Measure only the baselines and the pairs (<c>--pairs-only</c>).</summary>
    public bool PairsOnly { get; init; }

    /// <summary>The pgbench that runs the raw-SQL baseline's transactions (<see cref="Baselines.PgbenchBaseline"/>); null on a SQLite-only run.</summary>
    public string? Pgbench { get; init; }

    /// <summary>
    /// Parses <paramref name="args"/>; returns null after writing the usage to <paramref name="output"/>
    /// (--help) or a mistake to <paramref name="error"/>.
    /// </summary>
    public static BenchOptions? Parse(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var quick = args.Contains("--quick");
        string? pg = Environment.GetEnvironmentVariable(PostgresVariable);
        string? serverDll = null;
        IReadOnlyList<ProviderKind> providers = [ProviderKind.Postgres, ProviderKind.Sqlite];
        IReadOnlyList<int> callers = quick ? [4, 16] : [1, 4, 16, 64];
        IReadOnlyList<AccountSetKind> sets = [AccountSetKind.Uniform, AccountSetKind.Hot];
        var accounts = 10_000;
        var usageEntries = quick ? 100_000 : 1_000_000;
        // Enough for every measurement of the row at about 4,000 redemptions a second (quick: 2 caller counts × 2 s).
        var giftCodes = quick ? 16_000 : 160_000;
        var warmup = TimeSpan.FromSeconds(quick ? 0.5 : 2);
        var duration = TimeSpan.FromSeconds(quick ? 1.5 : 10);
        var pairsOnly = false;
        var settle = TimeSpan.FromSeconds(quick ? 0 : 20);

        try
        {
            for (var i = 0; i < args.Count; i++)
            {
                string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "--quick":
                        break;
                    case "--help" or "-h":
                        output.WriteLine(Usage);
                        return null;
                    case "--pg":
                        pg = Value();
                        break;
                    case "--server-dll":
                        serverDll = Path.GetFullPath(Value());
                        break;
                    case "--providers":
                        providers = List(Value(), ParseProvider);
                        break;
                    case "--callers":
                        callers = List(Value(), text => Positive(int.Parse(text, CultureInfo.InvariantCulture), "--callers"));
                        break;
                    case "--sets":
                        sets = List(Value(), ParseSet);
                        break;
                    case "--accounts":
                        accounts = Positive(int.Parse(Value(), CultureInfo.InvariantCulture), "--accounts");
                        break;
                    case "--usage-entries":
                        usageEntries = Positive(int.Parse(Value(), CultureInfo.InvariantCulture), "--usage-entries");
                        break;
                    case "--gift-codes":
                        giftCodes = Positive(int.Parse(Value(), CultureInfo.InvariantCulture), "--gift-codes");
                        break;
                    case "--warmup":
                        warmup = Seconds(Value(), allowZero: true);
                        break;
                    case "--duration":
                        duration = Seconds(Value(), allowZero: false);
                        break;
                    case "--settle":
                        settle = Seconds(Value(), allowZero: true);
                        break;
                    case "--pairs-only":
                        pairsOnly = true;
                        break;
                    default:
                        throw new FormatException($"Unknown option '{args[i]}'.");
                }
            }
        }
        catch (Exception mistake) when (mistake is FormatException or OverflowException)
        {
            error.WriteLine(mistake.Message);
            error.WriteLine("Run with --help for the options.");
            return null;
        }

        serverDll ??= FindServerDll();
        if (serverDll is null || !File.Exists(serverDll))
        {
            error.WriteLine($"The server is not built: {serverDll ?? "src/Credits.Server/bin/Release/net10.0/Credits.Server.dll not found above " + Directory.GetCurrentDirectory()}. " +
                "Run 'dotnet build -c Release' first, or pass --server-dll.");
            return null;
        }
        if (providers.Contains(ProviderKind.Postgres) && string.IsNullOrWhiteSpace(pg))
        {
            error.WriteLine($"PostgreSQL scenarios need a server: run through tests/bench.sh, set {PostgresVariable}, pass --pg, or use --providers sqlite.");
            return null;
        }
        var pgbench = providers.Contains(ProviderKind.Postgres) ? Baselines.PgbenchBaseline.Find() : null;
        if (providers.Contains(ProviderKind.Postgres) && pgbench is null)
        {
            error.WriteLine($"PostgreSQL scenarios compare with pgbench, which is not installed: apt-get install postgresql-15, or set {Baselines.PgbenchBaseline.Variable}.");
            return null;
        }

        return new BenchOptions
        {
            Quick = quick,
            PostgresConnectionString = string.IsNullOrWhiteSpace(pg) ? null : pg,
            PostgresDataDirectory = Environment.GetEnvironmentVariable(PostgresDataVariable) is { Length: > 0 } data ? data : null,
            ServerDll = serverDll,
            Providers = providers,
            Callers = callers,
            AccountSets = sets,
            Accounts = accounts,
            UsageEntries = usageEntries,
            GiftCodes = giftCodes,
            Warmup = warmup,
            Duration = duration,
            PairsOnly = pairsOnly,
            Settle = settle,
            Pgbench = pgbench,
        };
    }

    /// <summary>The Release server under the repository root, searched upwards from the current directory and from this program.</summary>
    private static string? FindServerDll()
    {
        var relative = Path.Combine("src", "Credits.Server", "bin", "Release", "net10.0", "Credits.Server.dll");
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, relative);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static List<T> List<T>(string text, Func<string, T> parse)
    {
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(parse).Distinct().ToList();
        return items.Count > 0 ? items : throw new FormatException($"'{text}' names nothing.");
    }

    private static ProviderKind ParseProvider(string text) => text.ToUpperInvariant() switch
    {
        "POSTGRES" or "POSTGRESQL" or "PG" => ProviderKind.Postgres,
        "SQLITE" => ProviderKind.Sqlite,
        _ => throw new FormatException($"Unknown provider '{text}' (postgres, sqlite)."),
    };

    private static AccountSetKind ParseSet(string text) => text.ToUpperInvariant() switch
    {
        "UNIFORM" => AccountSetKind.Uniform,
        "HOT" => AccountSetKind.Hot,
        _ => throw new FormatException($"Unknown account set '{text}' (uniform, hot)."),
    };

    private static int Positive(int value, string option) =>
        value > 0 ? value : throw new FormatException($"{option} must be positive.");

    private static TimeSpan Seconds(string text, bool allowZero)
    {
        var seconds = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return seconds > 0 || (allowZero && seconds == 0) ? TimeSpan.FromSeconds(seconds) : throw new FormatException($"'{text}' is not a valid number of seconds.");
    }
}
