using Credits.Ledger.Data;
using Npgsql;

namespace Credits.Testing;

/// <summary>
/// Creates an empty, migrated database per fixture: a temporary SQLite file, or a fresh database
/// on the throwaway PostgreSQL that tests/run.sh starts (LEDGER_TEST_PG).
/// </summary>
public static class TestDatabases
{
    public const string PostgresVariable = "LEDGER_TEST_PG";

    /// <summary>A new database for <paramref name="provider"/>; migrated unless <paramref name="migrate"/> is false.</summary>
    public static LedgerDatabase Create(DatabaseProvider provider, out Action drop, bool migrate = true)
    {
        LedgerDatabase database;
        if (provider == DatabaseProvider.Sqlite)
        {
            var path = Path.Combine(Path.GetTempPath(), $"ledger-test-{Guid.NewGuid():N}.db");
            database = new LedgerDatabase(provider, $"Data Source={path}");
            drop = () =>
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                foreach (var file in new[] { path, path + "-wal", path + "-shm" })
                {
                    File.Delete(file);
                }
            };
        }
        else
        {
            var admin = Environment.GetEnvironmentVariable(PostgresVariable);
            if (string.IsNullOrEmpty(admin))
            {
                throw new InvalidOperationException(
                    $"{PostgresVariable} is not set. Run the suite with tests/run.sh, which starts a throwaway PostgreSQL, " +
                    "or point it at a server where you may create databases.");
            }
            var name = $"ledger_{Guid.NewGuid():N}";
            Execute(admin, $"CREATE DATABASE {name}");
            var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
            database = new LedgerDatabase(provider, builder.ConnectionString);
            drop = () =>
            {
                NpgsqlConnection.ClearAllPools();
                Execute(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            };
        }
        if (migrate)
        {
            database.Migrate();
        }
        return database;
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
