using Credits.Ledger.Data;
using Credits.Testing;
using Npgsql;

namespace Credits.Ledger.Tests.Resilience;

/// <summary>
/// Several server instances deployed at once over an empty PostgreSQL database each migrate it on
/// start. One migrates, the others wait for it and find nothing left to do: none fails with
/// "relation already exists" (which made instances exit when the multi-instance harness started
/// three at once).
/// </summary>
public sealed class ConcurrentStartTests
{
    [Test]
    public async Task Three_instances_migrating_one_empty_database_at_once_all_succeed_and_apply_each_migration_once()
    {
        var database = TestDatabases.Create(DatabaseProvider.Postgres, out var drop, migrate: false);
        try
        {
            using var ready = new Barrier(3);
            var instances = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
            {
                var instance = new LedgerDatabase(DatabaseProvider.Postgres, database.ConnectionString);
                ready.SignalAndWait();
                instance.Migrate();
            }));

            await Task.WhenAll(instances);

            var applied = await CountAsync(database.ConnectionString, "SELECT count(*) FROM \"VersionInfo\"");
            var distinct = await CountAsync(database.ConnectionString, "SELECT count(DISTINCT \"Version\") FROM \"VersionInfo\"");
            Assert.That(applied, Is.EqualTo(distinct), "each migration is recorded once");
            Assert.That(applied, Is.EqualTo(typeof(LedgerDatabase).Assembly.GetTypes()
                .Count(type => type.GetCustomAttributes(typeof(FluentMigrator.MigrationAttribute), false).Length > 0)), "every migration applied");
        }
        finally
        {
            drop();
        }
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
#pragma warning disable CA2100 // Constant SQL from this file.
        await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
