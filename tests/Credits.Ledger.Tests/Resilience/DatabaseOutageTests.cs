using System.Net;
using System.Net.Sockets;
using Credits.Ledger.Coherence;
using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.GroupCommit;
using Credits.Ledger.History;
using Credits.Ledger.Lots;
using Credits.Ledger.Pricing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Credits.Ledger.Tests.Resilience;

/// <summary>A PostgreSQL that does not answer: every call ends UNAVAILABLE, which callers may retry, never INTERNAL.</summary>
public sealed class DatabaseOutageTests
{
    private static CreditLedger LedgerWithoutDatabase()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return LedgerOn($"Host=127.0.0.1;Port={port};Username=nobody;Timeout=1");
    }

    /// <summary>A ledger over PostgreSQL at <paramref name="connectionString"/>, giving up after two retries of a transient failure.</summary>
    internal static CreditLedger LedgerOn(string connectionString)
    {
        var database = new LedgerDatabase(DatabaseProvider.Postgres, connectionString);
        var options = new LedgerOptions { TransientRetriesMax = 2 };
        var changes = AccountChanges.Local();
        var engine = new LedgerEngine(database, options, TimeProvider.System, changes, NullLogger<LedgerEngine>.Instance);
        var dispatcher = new CommandDispatcher(engine, new GroupCommitOptions(), NullLogger<CommandDispatcher>.Instance);
        return new CreditLedger(engine, dispatcher, database, new FixedPriceCatalog(new Dictionary<string, long>()), changes, options,
            TimeProvider.System, NullLogger<CreditLedger>.Instance);
    }

    [Test]
    public async Task A_write_while_the_database_is_down_fails_with_unavailable()
    {
        var ledger = LedgerWithoutDatabase();

        var error = await Assert.ThrowsAsync<LedgerException>(() => ledger.GrantAsync(
            new GrantCommand("test", "user:1", 5, Bucket.Free, null, null, "", "k", new Dictionary<string, string>())));

        Assert.That(error!.Kind, Is.EqualTo(LedgerErrorKind.Unavailable));
    }

    [Test]
    public async Task A_balance_read_while_the_database_is_down_fails_with_unavailable()
    {
        var ledger = LedgerWithoutDatabase();

        var error = await Assert.ThrowsAsync<LedgerException>(() => ledger.GetBalanceAsync("user:1"));

        Assert.That(error!.Kind, Is.EqualTo(LedgerErrorKind.Unavailable));
    }

    [Test]
    public async Task A_history_read_while_the_database_is_down_fails_with_unavailable()
    {
        var ledger = LedgerWithoutDatabase();

        var error = await Assert.ThrowsAsync<LedgerException>(async () =>
        {
            await foreach (var _ in ledger.StreamHistoryAsync("user:1", 0, follow: false))
            {
            }
        });

        Assert.That(error!.Kind, Is.EqualTo(LedgerErrorKind.Unavailable));
    }
}
