using Credits.Ledger.Data;
using Npgsql;

namespace Credits.Testing;

/// <summary>
/// Creates an empty, migrated database per fixture: a temporary SQLite file, or a fresh database
/// on the throwaway PostgreSQL that tests/run.sh starts (LEDGER_TEST_PG). A migrated database is a
/// copy of one template per provider and test process, migrated once: running every migration for
/// each of the suite's 2,000 databases took about half of a PostgreSQL domain spec's time.
/// </summary>
public static class TestDatabases
{
    public const string PostgresVariable = "LEDGER_TEST_PG";

    private static readonly Lazy<string> SqliteTemplate = new(CreateSqliteTemplate, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<string> PostgresTemplate = new(CreatePostgresTemplate, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A new database for <paramref name="provider"/>; migrated unless <paramref name="migrate"/> is false.</summary>
    public static LedgerDatabase Create(DatabaseProvider provider, out Action drop, bool migrate = true)
    {
        LedgerDatabase database;
        if (provider == DatabaseProvider.Sqlite)
        {
            var path = Path.Combine(Path.GetTempPath(), $"ledger-test-{Guid.NewGuid():N}.db");
            if (migrate)
            {
                File.Copy(SqliteTemplate.Value, path);
            }
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
            var admin = AdminConnectionString();
            var name = $"ledger_{Guid.NewGuid():N}";
            Execute(admin, migrate ? $"CREATE DATABASE {name} TEMPLATE {PostgresTemplate.Value}" : $"CREATE DATABASE {name}");
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
            // Nothing is pending in a copy of the template; this checks that, as a server's start does.
            database.Migrate();
        }
        return database;
    }

    private static string AdminConnectionString()
    {
        var admin = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrEmpty(admin))
        {
            throw new InvalidOperationException(
                $"{PostgresVariable} is not set. Run the suite with tests/run.sh, which starts a throwaway PostgreSQL, " +
                "or point it at a server where you may create databases.");
        }
        return admin;
    }

    private static string CreateSqliteTemplate()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ledger-template-{Guid.NewGuid():N}.db");
        var connectionString = $"Data Source={path}";
        new LedgerDatabase(DatabaseProvider.Sqlite, connectionString).Migrate();
        // Everything into the main file, and no connection left open on it, before any copy.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(connectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            command.ExecuteNonQuery();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        };
        return path;
    }

    private static string CreatePostgresTemplate()
    {
        // Per test process: test assemblies run in parallel, and a template must have no other session while it is copied.
        var admin = AdminConnectionString();
        var name = $"ledger_template_{Guid.NewGuid():N}";
        Execute(admin, $"CREATE DATABASE {name}");
        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        new LedgerDatabase(DatabaseProvider.Postgres, connectionString).Migrate();
        // The migrator's pooled sessions would make every copy fail ("being accessed by other
        // users"): close them, end any left, and let no session in again.
        NpgsqlConnection.ClearAllPools();
        Execute(admin, $"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS false");
        Execute(admin, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()");
        return name;
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
