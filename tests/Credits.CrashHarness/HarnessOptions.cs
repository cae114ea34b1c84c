using System.Globalization;

namespace Credits.CrashHarness;

/// <summary>
/// The command line of the harness. tests/crash.sh passes the PostgreSQL cluster it started
/// (<c>--pg</c>, <c>--pg-data</c>, <c>--pg-ctl</c>, <c>--pg-log</c>, <c>--pg-options</c>) and the
/// working directory for logs; the chaos figures have CI defaults that flags raise.
/// </summary>
internal sealed record HarnessOptions
{
    public const string Usage = """
        usage: Credits.CrashHarness --pg CONNSTRING --pg-data DIR --pg-ctl "PG_CTL COMMAND PREFIX"
                                    [--pg-log FILE] [--pg-options "POSTGRES OPTIONS"] [--server-dll PATH]
                                    [--work-dir DIR] [--kills N] [--pg-restarts M] [--seconds S]
                                    [--callers N] [--accounts N] [--deadline-ms MS] [--seed N]
                                    [--instances N]
          --pg           connection string of the (empty) ledger database; the server migrates it
          --pg-data      the cluster's data directory
          --pg-ctl       how to run pg_ctl as the cluster's owner, split on spaces
                         (for example "runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl")
          --pg-log       PostgreSQL's log file when the harness restarts it (default: DIR/../postgres.log)
          --pg-options   the options PostgreSQL was started with (pg_ctl -o), reused on restart
          --server-dll   Credits.Server.dll (default: src/Credits.Server/bin/Release/net10.0 of the repository)
          --work-dir     where server logs go (default: a new temporary directory)
          --kills        server SIGKILLs, at least (default 6)
          --pg-restarts  PostgreSQL immediate stops and restarts (default 3)
          --seconds      length of the chaos phase (default 60)
          --callers      concurrent callers (default 16)
          --accounts     accounts the callers share (default 50)
          --deadline-ms  deadline of each call attempt (default 3000)
          --seed         random seed (default: from the clock; printed so a run can be repeated)
          --instances    server processes over the one database (default 1). With more than one, the
                         callers spread over them by client-side load balancing, each server kill
                         hits the next instance in turn, history streams follow watched accounts on
                         every instance, and balance reads and streams are checked for coherence.

        Failover mode (tests/failover.sh): --pg is a multi-host connection string, --pg-data and --pg-ctl
        are not used, and instead of server kills and restarts the primary's postmaster is SIGKILLed:
          --failover-monitor  connection string of pg_auto_failover's monitor database
          --failovers         primary kills, each followed by promotion and rejoin (default 2)
        """;

    public required string PgConnectionString { get; init; }
    public required string PgDataDirectory { get; init; }
    public required IReadOnlyList<string> PgCtl { get; init; }
    public required string PgLogFile { get; init; }
    public string? PgOptions { get; init; }
    public required string ServerDll { get; init; }
    public required string WorkDirectory { get; init; }
    public int Kills { get; init; } = 6;
    public int PgRestarts { get; init; } = 3;
    public TimeSpan ChaosDuration { get; init; } = TimeSpan.FromSeconds(60);
    public int Callers { get; init; } = 16;
    public int Accounts { get; init; } = 50;
    public TimeSpan CallDeadline { get; init; } = TimeSpan.FromMilliseconds(3000);
    public int Seed { get; init; }

    /// <summary>Server processes sharing the database.</summary>
    public int Instances { get; init; } = 1;

    public bool MultiInstance => Instances > 1;

    /// <summary>pg_auto_failover's monitor; set only in failover mode.</summary>
    public string? FailoverMonitor { get; init; }

    /// <summary>Primary kills in failover mode.</summary>
    public int Failovers { get; init; }

    public bool FailoverMode => FailoverMonitor is not null;

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> with what is wrong.</summary>
    public static HarnessOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"Expected '--name value', got '{name}'.");
            }
            values[name[2..]] = args[++i];
        }

        string Required(string name) => values.Remove(name, out var value) && value.Length > 0
            ? value
            : throw new ArgumentException($"--{name} is required.");
        string? Optional(string name) => values.Remove(name, out var value) ? value : null;
        int Number(string name, int fallback, int min)
        {
            var text = Optional(name);
            if (text is null)
            {
                return fallback;
            }
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= min
                ? number
                : throw new ArgumentException($"--{name} must be a whole number of at least {min}, got '{text}'.");
        }

        // In failover mode pg_auto_failover's keepers own the clusters: the harness never runs pg_ctl.
        var monitor = Optional("failover-monitor");
        var pgData = Path.GetFullPath(monitor is null ? Required("pg-data") : Optional("pg-data") ?? ".");
        var options = new HarnessOptions
        {
            PgConnectionString = Required("pg"),
            PgDataDirectory = pgData,
            PgCtl = (monitor is null ? Required("pg-ctl") : Optional("pg-ctl") ?? "pg_ctl").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            PgLogFile = Optional("pg-log") ?? Path.Combine(Path.GetDirectoryName(pgData) ?? pgData, "postgres.log"),
            PgOptions = Optional("pg-options"),
            ServerDll = Path.GetFullPath(Optional("server-dll") ?? DefaultServerDll()),
            WorkDirectory = Optional("work-dir") ?? Directory.CreateTempSubdirectory("ledger-crash-").FullName,
            Kills = Number("kills", monitor is null ? 6 : 0, 0),
            PgRestarts = Number("pg-restarts", monitor is null ? 3 : 0, 0),
            FailoverMonitor = monitor,
            Failovers = Number("failovers", monitor is null ? 0 : 2, 0),
            ChaosDuration = TimeSpan.FromSeconds(Number("seconds", 60, 5)),
            Callers = Number("callers", 16, 1),
            Accounts = Number("accounts", 50, 1),
            CallDeadline = TimeSpan.FromMilliseconds(Number("deadline-ms", 3000, 100)),
            Seed = Number("seed", Environment.TickCount & int.MaxValue, 0),
            Instances = Number("instances", 1, 1),
        };
        if (values.Count > 0)
        {
            throw new ArgumentException($"Unknown option --{values.Keys.First()}.");
        }
        if (options.FailoverMode && options.MultiInstance)
        {
            throw new ArgumentException("--instances and --failover-monitor are separate runs: give one or the other.");
        }
        if (!File.Exists(options.ServerDll))
        {
            throw new ArgumentException($"{options.ServerDll} does not exist: run 'dotnet build Credits.Grpc.sln -c Release' first.");
        }
        return options;
    }

    /// <summary>The Release build of the server, found from the repository root above the working directory or this assembly.</summary>
    private static string DefaultServerDll()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Credits.Grpc.sln")))
                {
                    return Path.Combine(directory.FullName, "src", "Credits.Server", "bin", "Release", "net10.0", "Credits.Server.dll");
                }
            }
        }
        throw new ArgumentException("Cannot find the repository root (Credits.Grpc.sln); pass --server-dll.");
    }
}
