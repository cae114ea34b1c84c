using System.Net;
using System.Net.Sockets;
using Credits.Ledger.Commands;
using Credits.Ledger.Errors;
using Credits.Ledger.Lots;
using Credits.Testing;
using Npgsql;

namespace Credits.Ledger.Tests.Resilience;

/// <summary>
/// During a PostgreSQL failover the ledger connects with a multi-host connection string
/// (<c>Host=a,b;Target Session Attributes=primary</c>) and, for a few seconds, no host is a primary
/// or none answers. Npgsql then wraps the per-host failures ("Unable to connect to a suitable host")
/// or finds none to try ("No suitable host was found"): both are transient, so the call ends
/// UNAVAILABLE and the caller retries with the same key, never INTERNAL (tests/failover.sh found it).
/// </summary>
public sealed class FailoverTests
{
    private static readonly GrantCommand Grant = new("test", "user:1", 5, Bucket.Free, null, null, "", "k", new Dictionary<string, string>());

    [Test]
    public async Task A_write_while_no_host_of_a_multi_host_string_answers_fails_with_unavailable()
    {
        var ledger = DatabaseOutageTests.LedgerOn($"Host=127.0.0.1:{ClosedPort()},127.0.0.1:{ClosedPort()};Username=nobody;Timeout=1;Target Session Attributes=primary");

        var error = await Assert.ThrowsAsync<LedgerException>(() => ledger.GrantAsync(Grant));

        Assert.That(error!.Kind, Is.EqualTo(LedgerErrorKind.Unavailable));
    }

    [Test]
    public async Task A_write_while_no_host_is_a_primary_fails_with_unavailable()
    {
        // The test server is a primary; asking for a standby leaves no suitable host, as asking for a
        // primary does between the old primary's death and the standby's promotion.
        var admin = Environment.GetEnvironmentVariable(TestDatabases.PostgresVariable)
            ?? throw new InvalidOperationException($"{TestDatabases.PostgresVariable} is not set: run the suite with tests/run.sh.");
        var builder = new NpgsqlConnectionStringBuilder(admin);
        // The same server twice: Npgsql accepts Target Session Attributes only with several hosts.
        var host = $"{builder.Host}:{builder.Port}";
        var standbyOnly = new NpgsqlConnectionStringBuilder(admin) { Host = $"{host},{host}", TargetSessionAttributes = "standby" };
        var ledger = DatabaseOutageTests.LedgerOn(standbyOnly.ConnectionString);

        var error = await Assert.ThrowsAsync<LedgerException>(() => ledger.GrantAsync(Grant));

        Assert.That(error!.Kind, Is.EqualTo(LedgerErrorKind.Unavailable));
    }

    [Test]
    public async Task A_write_that_reaches_a_read_only_node_fails_with_unavailable()
    {
        // A node that became a standby answers 25006 (read-only transaction) to every write; here
        // the session is made read-only, which PostgreSQL answers with the same error.
        var database = TestDatabases.Create(Data.DatabaseProvider.Postgres, out var drop);
        try
        {
            var readOnly = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Options = "-c default_transaction_read_only=on" };
            var ledger = DatabaseOutageTests.LedgerOn(readOnly.ConnectionString);

            var error = await Assert.ThrowsAsync<LedgerException>(() => ledger.GrantAsync(Grant));

            Assert.That(error!.Kind, Is.EqualTo(LedgerErrorKind.Unavailable));
        }
        finally
        {
            drop();
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
