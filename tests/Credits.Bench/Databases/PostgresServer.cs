using System.Text.RegularExpressions;
using Credits.Bench.Baselines;
using Credits.Bench.Scenarios;
using Npgsql;

namespace Credits.Bench.Databases;

/// <summary>
/// The PostgreSQL server the benchmark was given: creates and drops its databases, named
/// <c>bench_RUN_NAME</c> (each scenario gets a fresh copy of a seeded template made with
/// <c>CREATE DATABASE ... TEMPLATE</c>), and reads settings for the report.
/// </summary>
internal sealed partial class PostgresServer(string adminConnectionString, string runId) : IScenarioDatabases
{
    // "source database is being accessed by other users": the backends of a server that was just
    // killed take a moment to notice.
    private const string ObjectInUse = "55006";

    public ProviderKind Provider => ProviderKind.Postgres;

    public async Task<string> CreateEmptyAsync(string name, CancellationToken cancellationToken)
    {
        await CreateAsync(DatabaseName(name), template: null, cancellationToken);
        return ConnectionStringFor(DatabaseName(name));
    }

    public async Task ExecuteAsync(string name, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor(DatabaseName(name), pooling: false));
        await connection.OpenAsync(cancellationToken);
#pragma warning disable CA2100 // The benchmark's own seeding statements, no outside input.
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Adds the raw-SQL baseline's tables, seeded from the ledger's accounts, so that every copy has them.</summary>
    public Task SealTemplateAsync(string name, CancellationToken cancellationToken) =>
        RawSqlSchema.CreateAsync(ConnectionStringFor(DatabaseName(name), pooling: false), cancellationToken);

    public async Task<string> CopyAsync(string template, string name, CancellationToken cancellationToken)
    {
        await CreateAsync(DatabaseName(name), DatabaseName(template), cancellationToken);
        return ConnectionStringFor(DatabaseName(name));
    }

    public Task DropAsync(string name, CancellationToken cancellationToken) => DropDatabaseAsync(DatabaseName(name), cancellationToken);

    public string? RawSqlConnectionString(string name) => ConnectionStringFor(DatabaseName(name));

    private string DatabaseName(string name) => $"bench_{runId}_{name}";

    /// <summary>A connection string for <paramref name="database"/> on this server.</summary>
    private string ConnectionStringFor(string database, bool pooling = true)
    {
        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = database, Pooling = pooling };
        return builder.ConnectionString;
    }

    /// <summary>Creates <paramref name="database"/>, empty or as a copy of <paramref name="template"/>.</summary>
    private async Task CreateAsync(string database, string? template, CancellationToken cancellationToken)
    {
        var sql = $"CREATE DATABASE {Identifier(database)}" + (template is null ? "" : $" TEMPLATE {Identifier(template)}");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await ExecuteAsync(sql, cancellationToken);
                return;
            }
            catch (PostgresException error) when (error.SqlState == ObjectInUse && attempt < 100)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
        }
    }

    /// <summary>Drops <paramref name="database"/> if it exists, ending its sessions.</summary>
    private Task DropDatabaseAsync(string database, CancellationToken cancellationToken) =>
        ExecuteAsync($"DROP DATABASE IF EXISTS {Identifier(database)} WITH (FORCE)", cancellationToken);

    /// <summary>The value of a server setting, for example <c>fsync</c>.</summary>
    public async Task<string> SettingAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(AdminWithoutPooling());
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT current_setting(@name)", connection);
        command.Parameters.AddWithValue("name", name);
        return (string?)await command.ExecuteScalarAsync(cancellationToken) ?? "";
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(AdminWithoutPooling());
        await connection.OpenAsync(cancellationToken);
#pragma warning disable CA2100 // The only variable parts are identifiers checked by Identifier().
        await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private string AdminWithoutPooling() => new NpgsqlConnectionStringBuilder(adminConnectionString) { Pooling = false }.ConnectionString;

    private static string Identifier(string name) =>
        SafeIdentifier().IsMatch(name) ? name : throw new ArgumentException($"'{name}' is not a plain database name.", nameof(name));

    [GeneratedRegex("^[a-z][a-z0-9_]{0,62}$")]
    private static partial Regex SafeIdentifier();
}
