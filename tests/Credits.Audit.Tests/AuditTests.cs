using System.Diagnostics;
using System.Globalization;
using Credits.Audit.Tests.Support;
using Credits.Audit.Tests.Workload;
using Credits.Ledger.Data;

namespace Credits.Audit.Tests;

/// <summary>
/// The auditor (after TigerBeetle's): a seeded random workload against the real server, every reply
/// and the final state checked against an in-memory model of the ledger's rules. Grants, reserves,
/// commits, releases, retries, lead claims, reads and clock moves go through the gRPC client; the
/// commands the service does not take (grants with rollover terms, claw-backs and their reversal,
/// freezes, lost disputes, notes) through the same server's domain API; sweeps through its sweeper.
/// A failure names the seed that replays it (AUDIT_SEED); AUDIT_OPERATIONS sets the length.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class AuditTests(DatabaseProvider provider)
{
    [Test]
    public async Task Random_operations_agree_with_the_model_in_every_reply_journal_and_final_balance()
    {
        var seed = AuditSettings.Seed();
        var operations = AuditSettings.Operations();
        await TestContext.Out.WriteLineAsync(
            $"audit on {provider}: seed {seed.ToString(CultureInfo.InvariantCulture)}, {operations.ToString(CultureInfo.InvariantCulture)} operations ({AuditSettings.ReplayHint(seed)})");

        await using var server = await AuditServer.StartAsync(provider);
        var runner = new AuditRunner(server, seed);
        var clock = Stopwatch.StartNew();
        try
        {
            await runner.RunAsync(operations);
        }
        catch (Exception error) when (error is not ResultStateException)
        {
            Assert.Fail($"{runner.Context()}{Environment.NewLine}{error}");
        }

        Assert.That(runner.Statistics.Operations, Is.EqualTo(operations), AuditSettings.ReplayHint(seed));
        await TestContext.Out.WriteLineAsync(
            $"audit on {provider} passed: seed {seed.ToString(CultureInfo.InvariantCulture)}, {runner.Statistics.Operations.ToString(CultureInfo.InvariantCulture)} operations in " +
            $"{clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s, model clock {runner.ModelClock:yyyy-MM-dd}; {runner.Statistics}; model paths: {runner.Coverage}");
        if (operations >= CoverageRequirements.OperationsMin)
        {
            Assert.That(CoverageRequirements.Shortfalls(runner.Statistics, runner.Coverage), Is.Empty,
                $"the workload no longer reaches everything it must ({AuditSettings.ReplayHint(seed)})");
        }
    }
}
