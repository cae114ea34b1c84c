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

    public SqlText Append(string sql)
    {
        _sql.Append(sql);
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
        parameter.ParameterName = "p" + command.Parameters.Count.ToString(CultureInfo.InvariantCulture);
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter.ParameterName;
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

    /// <summary>Puts the text into the command.</summary>
    public DbCommand Build()
    {
        command.CommandText = _sql.ToString();
        return command;
    }
}
