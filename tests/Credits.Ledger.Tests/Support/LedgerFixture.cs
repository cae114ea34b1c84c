using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using Credits.Ledger.GroupCommit;

namespace Credits.Ledger.Tests.Support;

/// <summary>
/// Base of every domain fixture: each test runs on SQLite and on PostgreSQL, with a fresh database,
/// and ends by checking every ledger invariant over the whole database.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public abstract class LedgerFixture(DatabaseProvider provider)
{
    protected DatabaseProvider Provider { get; } = provider;

    protected LedgerHarness Ledger { get; private set; } = null!;

    protected virtual LedgerOptions CreateOptions() => new();

    /// <summary>How commands are grouped; null: the harness's default.</summary>
    protected virtual GroupCommitOptions? CreateGroupCommit() => null;

    [SetUp]
    public void CreateLedger() => Ledger = new LedgerHarness(Provider, CreateOptions(), groupCommit: CreateGroupCommit());

    [TearDown]
    public async Task InvariantsHoldAndDatabaseIsDropped()
    {
        try
        {
            if (TestContext.CurrentContext.Result.Outcome.Status != NUnit.Framework.Interfaces.TestStatus.Failed)
            {
                // Every spec also checks the usage projector: what it folds equals the journal, and nothing waits.
                await Ledger.Usage.FlushAsync();
                Assert.That(await Ledger.Usage.BehindAsync(), Is.Zero, "usage folded up to every account's last commit");
                var violations = await Ledger.Verifier.VerifyAsync();
                Assert.That(violations, Is.Empty, "ledger invariants after the test");
                await Ledger.Sweeper.SweepOnceAsync();
                violations = await Ledger.Verifier.VerifyAsync();
                Assert.That(violations, Is.Empty, "ledger invariants after a sweep");
            }
        }
        finally
        {
            Ledger.Dispose();
        }
    }

    protected static async Task<LedgerException> Fails(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (LedgerException error)
        {
            return error;
        }
        Assert.Fail("Expected a ledger error, but the call succeeded.");
        throw new InvalidOperationException("unreachable");
    }
}
