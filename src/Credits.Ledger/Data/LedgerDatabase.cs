using Credits.Ledger.Data.Migrations;
using FluentMigrator.Runner;
using LinqToDB;
using LinqToDB.Data;
using LinqToDB.DataProvider.PostgreSQL;
using LinqToDB.DataProvider.SQLite;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;

namespace Credits.Ledger.Data;

/// <summary>Where the ledger keeps its data: the provider, its connection string, and schema migration.</summary>
public sealed class LedgerDatabase
{
    private readonly DataOptions _options;
    private readonly NpgsqlDataSource? _postgres;

    /// <summary>Connects to <paramref name="connectionString"/> with <paramref name="provider"/>.</summary>
    public LedgerDatabase(DatabaseProvider provider, string connectionString)
    {
        Provider = provider;
        ConnectionString = provider == DatabaseProvider.Sqlite ? WithSqliteDefaults(connectionString) : WithPostgresDefaults(connectionString);
        _postgres = provider == DatabaseProvider.Postgres ? NpgsqlDataSource.Create(ConnectionString) : null;
        _options = provider switch
        {
            DatabaseProvider.Postgres => new DataOptions().UsePostgreSQL(ConnectionString, PostgreSQLVersion.v15),
            DatabaseProvider.Sqlite => new DataOptions().UseSQLite(ConnectionString, SQLiteProvider.Microsoft),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
        };
    }

    /// <summary>The database engine.</summary>
    public DatabaseProvider Provider { get; }

    /// <summary>The connection string in use.</summary>
    public string ConnectionString { get; }

    internal LedgerDb Open() => new(_options);

    /// <summary>
    /// Closes idle pooled PostgreSQL connections and discards busy ones when returned (the engine's
    /// data source and linq2db's pools): after a failover they may lead to a node that is now a standby.
    /// </summary>
    internal void ForgetPooledConnections()
    {
        _postgres?.Clear();
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>
    /// A plain ADO.NET connection for the engine's hot path, which sends each batch's reads and
    /// writes as one multi-statement command each (linq2db serves everything else).
    /// </summary>
    internal async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// A PostgreSQL connection outside the pool, for a session that holds state (LISTEN, settings):
    /// the pool's connections are never reset (<c>No Reset On Close</c>), so none may carry any.
    /// </summary>
    internal async Task<NpgsqlConnection> OpenDedicatedConnectionAsync(string applicationName, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString)
        {
            Pooling = false,
            // A listener waits in silence; a keepalive query notices a connection that died quietly.
            KeepAlive = 10,
            // Named, so an operator sees in pg_stat_activity what holds the connection.
            ApplicationName = applicationName,
        };
        var connection = new NpgsqlConnection(builder.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The isolation of read-only snapshots: PostgreSQL's REPEATABLE READ, and for SQLite a
    /// deferred transaction (Microsoft.Data.Sqlite starts one for ReadUncommitted), which reads one
    /// WAL snapshot without taking the write lock.
    /// </summary>
    internal System.Data.IsolationLevel ReadSnapshotIsolation =>
        Provider == DatabaseProvider.Postgres ? System.Data.IsolationLevel.RepeatableRead : System.Data.IsolationLevel.ReadUncommitted;

    /// <summary>Checks that the database answers; for health checks.</summary>
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        await using var db = Open();
        await db.ExecuteAsync("SELECT 1", cancellationToken);
    }

    /// <summary>
    /// The PostgreSQL settings that make a commit durable and that are off: <c>fsync</c> and
    /// <c>synchronous_commit</c>. Empty when both are on, and always empty for SQLite (whose
    /// connections keep its default <c>synchronous=FULL</c>).
    /// </summary>
    public async Task<IReadOnlyList<string>> FindUnsafeDurabilitySettingsAsync(CancellationToken cancellationToken = default)
    {
        if (Provider != DatabaseProvider.Postgres)
        {
            return [];
        }
        await using var db = Open();
        var unsafeSettings = new List<string>();
        foreach (var setting in new[] { "fsync", "synchronous_commit" })
        {
            var value = (await db.QueryToListAsync<string>($"SHOW {setting}", cancellationToken))[0];
            if (string.Equals(value, "off", StringComparison.OrdinalIgnoreCase))
            {
                unsafeSettings.Add($"{setting}=off");
            }
        }
        return unsafeSettings;
    }

    /// <summary>
    /// The PostgreSQL advisory lock migrations run under: instances started together over one
    /// database would otherwise race through the same migrations (the second fails with "relation
    /// already exists" and the instance exits). "credits!" in ASCII.
    /// </summary>
    internal const long MigrationLockKey = 0x6372_6564_6974_7321;

    /// <summary>
    /// Applies every pending versioned migration. On PostgreSQL one instance migrates at a time
    /// (<see cref="MigrationLockKey"/>); the others wait, then find nothing pending.
    /// </summary>
    public void Migrate()
    {
        if (Provider != DatabaseProvider.Postgres)
        {
            MigrateUnlocked();
            return;
        }
        // A session lock on a connection of its own, outside the pool: closing it releases the
        // lock even when a migration throws, and a killed instance's lock dies with its session.
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        using (var take = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection))
        {
            take.Parameters.Add(new NpgsqlParameter { Value = MigrationLockKey });
            take.ExecuteNonQuery();
        }
        MigrateUnlocked();
    }

    private void MigrateUnlocked()
    {
        using var services = new ServiceCollection()
            .AddFluentMigratorCore()
            .ConfigureRunner(runner =>
            {
                if (Provider == DatabaseProvider.Postgres)
                {
                    runner.AddPostgres();
                }
                else
                {
                    runner.AddSQLite();
                }
                runner.WithGlobalConnectionString(ConnectionString).ScanIn(typeof(CreateLedgerTables).Assembly).For.Migrations();
            })
            .BuildServiceProvider(validateScopes: false);
        using var scope = services.CreateScope();
        scope.ServiceProvider.GetRequiredService<IMigrationRunner>().MigrateUp();
        if (Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets readers (GetBalance, StreamHistory) run while a writer commits; the mode is
            // stored in the file, so setting it once here covers every later connection.
            using var connection = new SqliteConnection(ConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL;";
            command.ExecuteNonQuery();
        }
    }

    private static string WithPostgresDefaults(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            // The hot path's statements repeat with the same text; preparing them saves PostgreSQL
            // parsing and planning each one on every batch.
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }
        // NpgsqlConnectionStringBuilder.ContainsKey answers for every keyword it knows; the plain
        // builder says what the operator actually wrote.
        var written = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!written.ContainsKey("No Reset On Close") && !written.ContainsKey("NoResetOnClose"))
        {
            // By default Npgsql resets a connection's session as it returns to the pool (RESET ALL,
            // pg_advisory_unlock_all and more on every use: four extra statements behind each
            // GetBalance). The ledger never changes session state (no SET, no LISTEN, only
            // transaction-scoped advisory locks), so there is nothing to reset.
            builder.NoResetOnClose = true;
        }
        return builder.ToString();
    }

    private static string WithSqliteDefaults(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        builder.Pooling = true;
        return builder.ToString();
    }
}
