using System.Data.Common;
using System.Globalization;
using System.Text;
using Credits.Ledger.Data.Batches;
using Credits.Ledger.Engine;

namespace Credits.Ledger.Data.Batches;

/// <summary>
/// Builds one multi-statement command with named parameters, so that a batch's reads, or its
/// writes, cost a single round trip. The SQL is the dialect PostgreSQL and SQLite share.
/// </summary>
internal sealed class SqlText(DbCommand command)
{
    private readonly StringBuilder _sql = new();

    // Where each statement ended so far: its text's end and its parameters' end (see ExecuteEachStatementAsync).
    private readonly List<(int TextEnd, int ParametersEnd)> _statementEnds = [];

    // Only SQLite runs statements alone; PostgreSQL's batches (the hot path) skip the bookkeeping.
    private readonly bool _sqlite = command is Microsoft.Data.Sqlite.SqliteCommand;

    public SqlText Append(string sql)
    {
        _sql.Append(sql);
        if (_sqlite && sql.EndsWith(";\n", StringComparison.Ordinal))
        {
            _statementEnds.Add((_sql.Length, command.Parameters.Count));
        }
        return this;
    }

    /// <summary>Appends <c>(@p1, @p2, ...)</c> for a non-empty list.</summary>
    public SqlText List(IEnumerable<object> values) => Append(ListText(values));

    /// <summary>Adds a parameter per value and returns <c>(@p1, @p2, ...)</c> without appending it.</summary>
    public string ListText(IEnumerable<object> values) =>
        "(" + string.Join(", ", values.Select(value => "@" + Add(value))) + ")";

    /// <summary>Appends a new parameter holding <paramref name="value"/>.</summary>
    public SqlText Param(object? value)
    {
        _sql.Append('@').Append(Add(value));
        return this;
    }

    /// <summary>Adds a parameter holding <paramref name="value"/> and returns its reference without appending it.</summary>
    public string ParamText(object? value) => "@" + Add(value);

    private string Add(object? value)
    {
        var parameter = command.CreateParameter();
        var name = "p" + command.Parameters.Count.ToString(CultureInfo.InvariantCulture);
        // Microsoft.Data.Sqlite looks a name without its prefix up three times (@, :, $) in every
        // statement of the command; named as written, once.
        parameter.ParameterName = _sqlite ? "@" + name : name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return name;
    }

    /// <summary>Appends one row of a multi-row VALUES list.</summary>
    public SqlText Row(bool first, params object?[] values)
    {
        _sql.Append(first ? "(" : ", (");
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                _sql.Append(", ");
            }
            Param(values[i]);
        }
        return Append(")");
    }

    public bool IsEmpty => _sql.Length == 0;

    /// <summary>
    /// Runs each statement as a command of its own, with only its own parameters, and returns the rows
    /// they changed. For SQLite, which has no round trips to save: Microsoft.Data.Sqlite binds every
    /// parameter of a command to each of its statements, looking each name up in the statement, so one
    /// command of a thousand-account batch (50,000 parameters) took minutes where its statements alone take
    /// milliseconds. A statement is text ending in ";\n"; a statement's parameters are those added while
    /// its text was appended.
    /// </summary>
    public async Task<int> ExecuteEachStatementAsync(CancellationToken cancellationToken)
    {
        var text = _sql.ToString();
        var (textStart, parametersStart, changed) = (0, 0, 0);
        foreach (var (textEnd, parametersEnd) in _statementEnds.Append((text.Length, command.Parameters.Count)))
        {
            var statement = text[textStart..textEnd];
            if (!string.IsNullOrWhiteSpace(statement))
            {
                await using var single = command.Connection!.CreateCommand();
                single.Transaction = command.Transaction;
                single.CommandText = statement;
                for (var i = parametersStart; i < parametersEnd; i++)
                {
                    var parameter = single.CreateParameter();
                    (parameter.ParameterName, parameter.Value) = (command.Parameters[i].ParameterName, command.Parameters[i].Value);
                    single.Parameters.Add(parameter);
                }
                changed += await single.ExecuteNonQueryAsync(cancellationToken);
            }
            (textStart, parametersStart) = (textEnd, parametersEnd);
        }
        return changed;
    }

    /// <summary>Puts the text into the command.</summary>
    public DbCommand Build()
    {
        command.CommandText = _sql.ToString();
        return command;
    }
}
