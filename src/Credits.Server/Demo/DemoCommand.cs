using System.Globalization;
using Credits.Ledger;
using Credits.Ledger.Analytics;
using Credits.Ledger.Data;
using Credits.Ledger.Expiry;
using Credits.Server.Pricing;
using Microsoft.Extensions.Options;

namespace Credits.Server.Demo;

/// <summary>
/// <c>Credits.Server demo seed [--accounts N] [--days N]</c>: fills the configured database (the
/// one the server would open with the same arguments) with a few months of demo history, so a
/// newcomer sees the usage pages, forecasts and leaderboard populated. It runs in the server's
/// binary rather than the admin CLI because honest history needs the ledger's clock moved through
/// the past, which a running server's real clock cannot do. Development environment only; writes
/// once (a second run finds the demo accounts and refuses).
/// </summary>
internal static class DemoCommand
{
    private const int ExitOk = 0;
    private const int ExitRefused = 1;
    private const int ExitUsage = 2;

    private const string Usage = """
        Usage: Credits.Server demo seed [--accounts N] [--days N] [server configuration switches]

          --accounts   demo people, user:demo-01 and on: 1 to 99 (default 12)
          --days       days of history before today: 1 to 400 (default 90)

        Writes through the ledger into the database the server is configured with (by default the
        Development SQLite file), in the Development environment only. Stop the server first when it
        runs on SQLite.
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            await output.WriteLineAsync(Usage);
            return ExitOk;
        }
        if (args.Count == 0 || args[0] != "seed")
        {
            await error.WriteLineAsync(Usage);
            return ExitUsage;
        }
        var (accounts, days, rest) = (12, 90, new List<string>());
        try
        {
            for (var i = 1; i < args.Count; i++)
            {
                switch (args[i])
                {
                    case "--accounts":
                        accounts = Bounded(args, ref i, DemoPlan.AccountsMax);
                        break;
                    case "--days":
                        days = Bounded(args, ref i, DemoPlan.DaysMax);
                        break;
                    default:
                        rest.Add(args[i]);
                        break;
                }
            }
        }
        catch (FormatException mistake)
        {
            await error.WriteLineAsync(mistake.Message);
            return ExitUsage;
        }

        var clock = new DemoClock(DateTimeOffset.UtcNow);
        await using var app = ServerHost.Build([.. rest], builder => builder.Services.AddSingleton<TimeProvider>(clock));
        if (!app.Environment.IsDevelopment())
        {
            await error.WriteLineAsync($"demo seed writes made-up history: it runs in the Development environment only (this is {app.Environment.EnvironmentName}). " +
                "Use 'dotnet run --project src/Credits.Server -- demo seed', or pass --environment Development for a throwaway database.");
            return ExitUsage;
        }
        var features = app.Services.GetRequiredService<IOptions<PriceCatalogOptions>>().Value.Features.Keys.Order(StringComparer.Ordinal).ToList();
        if (features.Count == 0)
        {
            await error.WriteLineAsync("The price catalogue (Ledger:Features) is empty: the demo spends on priced features.");
            return ExitUsage;
        }
        app.Services.GetRequiredService<LedgerDatabase>().Migrate();
        var seeder = new DemoSeeder(app.Services.GetRequiredService<CreditLedger>(), app.Services.GetRequiredService<ExpirySweeper>(),
            app.Services.GetRequiredService<Leaderboards>(), clock);
        if (await seeder.AlreadySeededAsync(cancellationToken))
        {
            await error.WriteLineAsync($"{DemoPlan.AccountId(0)} has history already: the demo writes once. Remove the database (or use another) to seed again.");
            return ExitRefused;
        }

        var plan = new DemoPlan(accounts, days, DateTimeOffset.UtcNow, features);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Seeding {accounts} demo accounts over {days} days from {plan.Start:yyyy-MM-dd}, spending on {string.Join(", ", features)}:"));
        var summary = await seeder.SeedAsync(plan, output, cancellationToken);
        // The host never started, so no projector ran: fold the usage now, or it waits for the server's first start.
        await app.Services.GetRequiredService<Credits.Ledger.Analytics.Projection.UsageProjector>().FlushAsync(cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Seeded {summary.Accounts} accounts over {summary.Days} days: {summary.Operations:N0} paid operations, {summary.Purchases:N0} packs bought, " +
            $"{summary.Gifts:N0} gifts. Start the server and look at {DemoPlan.AccountId(0)}'s usage."));
        return ExitOk;
    }

    private static int Bounded(IReadOnlyList<string> args, ref int i, int max)
    {
        var option = args[i];
        if (i + 1 >= args.Count || !int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1 || value > max)
        {
            throw new FormatException($"{option} takes a number from 1 to {max}.");
        }
        return value;
    }
}
