using Credits.Ledger.Data;
using Credits.Ledger.Verification;
using Credits.Server.Demo;
using Credits.Testing;

namespace Credits.Server.Tests.Demo;

/// <summary>
/// <c>Credits.Server demo seed</c> writes months of history through the ledger with its clock
/// moved, so the result is a ledger like any other: the verifier finds nothing wrong, the
/// aggregates cover the days, the leaderboard has its entrants. It writes once, and only in the
/// Development environment.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class DemoSeedTests(DatabaseProvider provider)
{
    private LedgerDatabase _database = null!;
    private Action _drop = null!;

    [SetUp]
    public void CreateDatabase() => _database = TestDatabases.Create(provider, out _drop, migrate: false);

    [TearDown]
    public void DropDatabase() => _drop();

    private async Task<(int Exit, string Output, string Error)> SeedAsync(string environment, params string[] options)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] args =
        [
            "seed", .. options, "--environment", environment, "--Database:Provider", provider.ToString(), "--Database:ConnectionString", _database.ConnectionString,
            "--Logging:LogLevel:Default", "Warning",
        ];
        var exit = await DemoCommand.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private Task<long> CountAsync(string sql) =>
        TestSql.QueryAsync(_database, sql, reader => Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture))
            .ContinueWith(task => task.Result.Single(), TaskScheduler.Default);

    [Test]
    public async Task A_seed_writes_weeks_of_history_that_the_verifier_finds_sound()
    {
        var (exit, output, error) = await SeedAsync("Development", "--accounts", "4", "--days", "21");

        Assert.That((exit, error), Is.EqualTo((0, "")));
        Assert.That(output, Does.Contain("(day 21 of 21)").And.Contain("Seeded 4 accounts over 21 days"));
        Assert.That(await new LedgerVerifier(_database).VerifyAsync(), Is.Empty);
        Assert.That(await CountAsync("SELECT COUNT(DISTINCT day) FROM usage_daily WHERE account_id LIKE 'user:demo-%'"), Is.GreaterThanOrEqualTo(15),
            "spending on most of the 21 days");
        Assert.That(await CountAsync("SELECT COUNT(DISTINCT account_id) FROM usage_daily"), Is.EqualTo(4));
        Assert.That(await CountAsync("SELECT COUNT(*) FROM leaderboard_entrants"), Is.EqualTo(2), "every other person joins the board");
    }

    [Test]
    public async Task A_second_seed_refuses_and_writes_nothing()
    {
        await SeedAsync("Development", "--accounts", "2", "--days", "3");
        var entries = await CountAsync("SELECT COUNT(*) FROM journal");

        var (exit, _, error) = await SeedAsync("Development", "--accounts", "2", "--days", "3");

        Assert.That((exit, error), Is.EqualTo((1, "user:demo-01 has history already: the demo writes once. Remove the database (or use another) to seed again." + Environment.NewLine)));
        Assert.That(await CountAsync("SELECT COUNT(*) FROM journal"), Is.EqualTo(entries));
    }

    [Test]
    public async Task Outside_Development_the_seed_refuses_before_touching_the_database()
    {
        var (exit, _, error) = await SeedAsync("Production", "--accounts", "2", "--days", "3");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.StartWith("demo seed writes made-up history: it runs in the Development environment only (this is Production)."));
        var tables = provider == DatabaseProvider.Sqlite
            ? "SELECT COUNT(*) FROM sqlite_master WHERE name = 'journal'"
            : "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'journal'";
        Assert.That(await CountAsync(tables), Is.Zero, "not even migrated");
    }

    [TestCase("--accounts", "0")]
    [TestCase("--days", "401")]
    [TestCase("--days", "ten")]
    public async Task Out_of_range_sizes_are_refused_with_their_bounds(string option, string value)
    {
        var (exit, _, error) = await SeedAsync("Development", option, value);

        Assert.That((exit, error.Trim()), Is.EqualTo((2, $"{option} takes a number from 1 to {(option == "--days" ? 400 : 99)}.")));
    }
}
