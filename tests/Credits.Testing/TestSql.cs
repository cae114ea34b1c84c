using System.Data.Common;
using Credits.Ledger.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Credits.Testing;

/// <summary>
/// Plain SQL against a test's database, past the ledger: to read what a table holds, or to corrupt
/// it as a bug or a hand edit would. Parameters are named <c>@name</c> in both dialects.
/// </summary>
public static class TestSql
{
    /// <summary>An open connection of the database's provider.</summary>
    public static async Task<DbConnection> OpenAsync(LedgerDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        DbConnection connection = database.Provider == DatabaseProvider.Postgres
            ? new NpgsqlConnection(database.ConnectionString)
            : new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Every row <paramref name="sql"/> returns, each read by <paramref name="read"/>.</summary>
    public static async Task<List<T>> QueryAsync<T>(LedgerDatabase database, string sql, Func<DbDataReader, T> read,
        params (string Name, object Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(read);
        await using var connection = await OpenAsync(database);
        await using var command = Command(connection, sql, parameters);
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    /// <summary>Runs <paramref name="sql"/> and returns the rows it changed.</summary>
    public static async Task<int> ExecuteAsync(LedgerDatabase database, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync(database);
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    private static DbCommand Command(DbConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
