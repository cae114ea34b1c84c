using Credits.Client;
using Credits.Ledger.Data;
using Credits.V1;
using NUnit.Framework.Interfaces;

namespace Credits.Cli.Tests.Support;

/// <summary>
/// Base of the CLI fixtures: one server per fixture class and provider (SQLite and PostgreSQL) on a
/// fake clock, shared by its tests, which therefore each use their own accounts. Every test ends by
/// checking every ledger invariant over the whole database.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public abstract class CliFixture(DatabaseProvider provider)
{
    protected DatabaseProvider Provider { get; } = provider;

    protected CliServer Server { get; private set; } = null!;

    /// <summary>The wrapper client with the admin key, for arranging state without the CLI.</summary>
    protected CreditsClient Client { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        Server = await CliServer.StartAsync(Provider);
        Client = Server.Client();
    }

    [TearDown]
    public async Task LedgerInvariantsHold()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status != TestStatus.Failed)
        {
            Assert.That(await Server.Verifier.VerifyAsync(), Is.Empty, "ledger invariants after the test");
        }
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        Client?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }

    protected Task<CliResult> Credits(params string[] args) => Server.RunAsync(args);

    /// <summary>A fresh account id, so tests sharing the server never see each other's entries.</summary>
    protected static string NewAccount(string kind = "user") => $"{kind}:{Guid.NewGuid():N}";

    protected Task<GrantResponse> Grant(string account, long amount, string key, Bucket bucket = Bucket.Purchased) =>
        Client.GrantAsync(new GrantRequest { AccountId = account, Amount = amount, Bucket = bucket, IdempotencyKey = key, Reference = "test" });
}
