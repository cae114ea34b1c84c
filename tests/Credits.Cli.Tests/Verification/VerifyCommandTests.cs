using Credits.Cli.Tests.Support;
using Credits.Client;
using Credits.Ledger.Data;
using Credits.Testing;
using Credits.V1;

namespace Credits.Cli.Tests.Verification;

/// <summary>verify: every invariant over the whole database; what is wrong, and a non-zero exit, when anything is.</summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class VerifyCommandTests(DatabaseProvider provider)
{
    private static readonly string[] ViolationsOfUser2 =
    [
        "account  violation",
        "user:2   available 25 != unheld lot credits 20",
        "user:2   journal replays to 20, balance is 25",
        "user:2   last entry says 20/0/0 (available/held/owed), balance is 25/0/0",
        "FAILED: 3 violations in 2 accounts checked",
    ];

    [Test]
    public async Task A_consistent_ledger_verifies_with_exit_code_0()
    {
        await using var server = await CliServer.StartAsync(provider);
        using var client = server.Client();
        await Grant(client, "user:1", 10);
        await Grant(client, "user:2", 20);

        var result = await server.RunAsync("verify");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Out, Is.EqualTo("ok: 2 accounts checked, every invariant holds\n"));
        Assert.That(result.Error, Is.Empty);
    }

    [Test]
    public async Task A_balance_changed_behind_the_ledgers_back_is_reported_per_violation_with_exit_code_1()
    {
        await using var server = await CliServer.StartAsync(provider);
        using var client = server.Client();
        await Grant(client, "user:1", 10);
        await Grant(client, "user:2", 20);
        Execute(server.Database, "UPDATE accounts SET available = available + 5 WHERE account_id = 'user:2'");

        var result = await server.RunAsync("verify");
        var json = await server.RunAsync("verify", "--json");

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.OutLines, Is.EqualTo(ViolationsOfUser2));
        Assert.That(json.ExitCode, Is.EqualTo(1));
        Assert.That(json.Out, Does.Contain("\"accountId\": \"user:2\"").And.Contain("\"accountsChecked\": \"2\""));
    }

    private static Task<GrantResponse> Grant(CreditsClient client, string account, long amount) =>
        client.GrantAsync(new GrantRequest { AccountId = account, Amount = amount, Bucket = Bucket.Purchased, IdempotencyKey = $"g-{account}" });

    // Corrupts the database directly, as a bug or a hand-edit would, without going through the ledger.
    private static void Execute(LedgerDatabase database, string sql) => TestSql.ExecuteAsync(database, sql).GetAwaiter().GetResult();
}
