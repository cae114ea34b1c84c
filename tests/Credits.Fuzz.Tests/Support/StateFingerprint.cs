using System.Data.Common;
using System.Text;
using Credits.Ledger.Data;
using Credits.Testing;

namespace Credits.Fuzz.Tests.Support;

/// <summary>
/// A cheap summary of everything the database holds: per table, its row count and, per integer
/// column, the sum of the values modulo a prime. Any insert or delete changes a count; an update
/// changes a sum (every mutable row carries an amount, a state or a time in an integer column),
/// so "a refused request changed nothing" is "the fingerprint is the same before and after".
/// The tables are read from the catalogue, so a table added later is covered without a change here.
/// One exception: an account row that no journal entry has touched is not state but the lock the
/// engine takes: it inserts every account a command names before it locks and decides (so that a
/// ClaimLead refused as LEAD_ALREADY_CLAIMED still leaves an empty row for its user). Such rows read
/// exactly as an unknown account does, so they are left out. Also left out: the usage projector's
/// tables, which it writes in the background from commits made earlier (a fold landing while a
/// refused request ran read as "the refusal changed usage"); the journal they fold is fingerprinted,
/// and the verifier at the end of the run checks them against it.
/// </summary>
public sealed class StateFingerprint : IAsyncDisposable
{
    private static readonly HashSet<string> ProjectedTables = ["usage_daily", "pool_usage_daily", "usage_checkpoints"];

    private readonly DbConnection _connection;
    private readonly string _sql;

    private StateFingerprint(DbConnection connection, string sql)
    {
        _connection = connection;
        _sql = sql;
    }

    public static async Task<StateFingerprint> OpenAsync(LedgerDatabase database)
    {
        var connection = await TestSql.OpenAsync(database);
        var postgres = database.Provider == DatabaseProvider.Postgres;
        var tables = await Read(connection, postgres
            ? "SELECT table_name, '' FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
            : "SELECT name, '' FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1");
        var statements = new List<string>();
        foreach (var (table, _) in tables.Where(table => !ProjectedTables.Contains(table.First)))
        {
            var columns = await Read(connection, postgres
                ? $"SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{table}' ORDER BY ordinal_position"
                : $"SELECT name, type FROM pragma_table_info('{table}') ORDER BY cid");
            var sums = columns
                .Where(column => column.Second.ToUpperInvariant() is "INTEGER" or "BIGINT" or "SMALLINT")
                .Select(column => $", COALESCE(SUM(\"{column.First}\" % 1000003), 0)");
            var rows = table == "accounts" ? " WHERE last_sequence > 0" : "";
            statements.Add($"SELECT '{table}', COUNT(*){string.Concat(sums)} FROM \"{table}\"{rows}");
        }
        return new StateFingerprint(connection, string.Join(";\n", statements));
    }

    /// <summary>The fingerprint now: one line per table.</summary>
    public async Task<string> TakeAsync()
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = _sql;
        await using var reader = await command.ExecuteReaderAsync();
        var text = new StringBuilder();
        do
        {
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append(' ');
                }
                text.AppendLine();
            }
        }
        while (await reader.NextResultAsync());
        return text.ToString();
    }

    private static async Task<List<(string First, string Second)>> Read(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }
        return rows;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
