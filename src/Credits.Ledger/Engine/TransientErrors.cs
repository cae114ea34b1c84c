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
            _ => postgres.SqlState.StartsWith("08", StringComparison.Ordinal), // connection exceptions
        },
        NpgsqlException npgsql => npgsql.IsTransient,
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6, // SQLITE_BUSY, SQLITE_LOCKED
        TimeoutException => true,
        System.IO.IOException => true,
        System.Net.Sockets.SocketException => true,
        _ => exception.InnerException is { } inner && IsTransient(inner),
    };
}
