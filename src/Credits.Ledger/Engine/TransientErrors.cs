using Microsoft.Data.Sqlite;
using Npgsql;

namespace Credits.Ledger.Engine;

/// <summary>Database failures after which running the whole transaction again is safe and may succeed.</summary>
internal static class TransientErrors
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState switch
        {
            "40001" or "40P01" => true, // serialization failure, deadlock
            "55P03" => true, // lock not available
            "57P01" or "57P02" or "57P03" => true, // admin shutdown, crash shutdown, cannot connect now
            "53300" => true, // too many connections
            // Read-only transaction: after a failover, a connection reached the old primary now a
            // standby (multi-host connection string); LedgerEngine drops the pool, a new one finds the primary.
            "25006" => true,
            _ => postgres.SqlState.StartsWith("08", StringComparison.Ordinal), // connection exceptions
        },
        // A multi-host connection string (failover) wraps each host's failure in an AggregateException
        // that Npgsql's IsTransient does not look into; and finds no host at all to try while every
        // host is known to be down or a standby, between a primary's death and a standby's promotion.
        NpgsqlException npgsql => npgsql.IsTransient || IsNoSuitableHost(npgsql)
            || (npgsql.InnerException is { } inner && IsTransient(inner)),
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsTransient),
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6, // SQLITE_BUSY, SQLITE_LOCKED
        TimeoutException => true,
        System.IO.IOException => true,
        System.Net.Sockets.SocketException => true,
        _ => exception.InnerException is { } inner && IsTransient(inner),
    };

    /// <summary>
    /// Npgsql's "No suitable host was found." has no SqlState, type or inner exception to tell it by,
    /// only its text; tests/Credits.Ledger.Tests/Resilience/FailoverTests.cs fails if an upgrade changes it.
    /// </summary>
    private static bool IsNoSuitableHost(NpgsqlException exception) =>
        exception is not PostgresException && exception.InnerException is null
        && exception.Message.StartsWith("No suitable host", StringComparison.Ordinal);
}
