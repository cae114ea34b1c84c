using Credits.Bench.Scenarios;
using Microsoft.Data.Sqlite;

namespace Credits.Bench.Databases;

/// <summary>SQLite databases as files in the run's temporary directory; each scenario gets a fresh copy of the seeded one.</summary>
internal sealed class SqliteFiles(string directory) : IScenarioDatabases
{
    public ProviderKind Provider => ProviderKind.Sqlite;

    public Task<string> CreateEmptyAsync(string name, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        Delete(name);
        return Task.FromResult(ConnectionStringFor(name));
    }

    public async Task ExecuteAsync(string name, string sql, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = PathOf(name), Pooling = false };
        await using var connection = new SqliteConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // The benchmark's own seeding statements, no outside input.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task SealTemplateAsync(string name, CancellationToken cancellationToken) => CheckpointAsync(name, cancellationToken);

    public Task<string> CopyAsync(string template, string name, CancellationToken cancellationToken)
    {
        Delete(name);
        File.Copy(PathOf(template), PathOf(name));
        return Task.FromResult(ConnectionStringFor(name));
    }

    public Task DropAsync(string name, CancellationToken cancellationToken)
    {
        Delete(name);
        return Task.CompletedTask;
    }

    /// <summary>None: the raw-SQL baseline runs on PostgreSQL only.</summary>
    public string? RawSqlConnectionString(string name) => null;

    private string ConnectionStringFor(string name) => new SqliteConnectionStringBuilder { DataSource = PathOf(name) }.ConnectionString;

    /// <summary>
    /// Folds the write-ahead log of <paramref name="name"/> into the file (its server has been
    /// killed, so the log may still hold the last commits), so that the file alone can be copied.
    /// </summary>
    private async Task CheckpointAsync(string name, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = PathOf(name), Pooling = false };
        await using var connection = new SqliteConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private void Delete(string name)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(PathOf(name) + suffix);
        }
    }

    private string PathOf(string name) => Path.Combine(directory, name + ".db");
}
