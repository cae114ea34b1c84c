namespace Credits.Ledger.Data.Batches;

/// <summary>
/// The text of a batch's write, and the count of rows it must touch. Every update must change
/// exactly the row it names, or the batch is rolled back as a bug. When the write also commits
/// (PostgreSQL, where the load's text began the transaction), each update checks its own row count
/// in SQL, since nothing can be rolled back once the answer arrives.
/// </summary>
internal sealed class BatchWriteText(SqlText sql, bool commits, int rowsPerInsertMax = BatchWriteText.RowsPerInsertMax)
{
    /// <summary>Rows per multi-row INSERT, well under both providers' parameter limits.</summary>
    public const int RowsPerInsertMax = 200;

    /// <summary>
    /// Rows per INSERT on SQLite: binding a statement's parameters costs the square of their count
    /// there (each is looked up by name among the statement's), so short statements are cheaper.
    /// </summary>
    public const int SqliteRowsPerInsertMax = 25;

    /// <summary>Fails a PostgreSQL update that matched no row: division by zero, which aborts the transaction before its COMMIT.</summary>
    private const string CheckedUpdateEnd = " RETURNING 1) SELECT 1 / count(*) FROM changed;\n";

    public SqlText Sql => sql;

    /// <summary>True when the write ends the transaction with COMMIT.</summary>
    public bool Commits => commits;

    /// <summary>How many rows the statements so far must insert or update.</summary>
    public int RowsExpected { get; private set; }

    /// <summary>Starts an UPDATE of exactly one row: append "UPDATE ... WHERE ...", then call <see cref="EndUpdate"/>.</summary>
    public SqlText BeginUpdate() => sql.Append(commits ? "WITH changed AS (" : "");

    public void EndUpdate()
    {
        sql.Append(commits ? CheckedUpdateEnd : ";\n");
        RowsExpected++;
    }

    /// <summary>Appends multi-row INSERTs of <paramref name="rows"/>.</summary>
    public void Insert<T>(string tableAndColumns, IReadOnlyList<T> rows, Func<T, object?[]> values) =>
        Upsert(tableAndColumns, "", rows, values);

    /// <summary>
    /// Appends multi-row INSERTs of <paramref name="rows"/> ending with <paramref name="onConflict"/>
    /// (an <c>ON CONFLICT ... DO UPDATE</c> clause, which both providers count as one row each).
    /// </summary>
    public void Upsert<T>(string tableAndColumns, string onConflict, IReadOnlyList<T> rows, Func<T, object?[]> values)
    {
        foreach (var chunk in rows.Chunk(rowsPerInsertMax))
        {
            sql.Append("INSERT INTO ").Append(tableAndColumns).Append(" VALUES ");
            for (var i = 0; i < chunk.Length; i++)
            {
                sql.Row(i == 0, values(chunk[i]));
            }
            sql.Append(onConflict).Append(";\n");
        }
        RowsExpected += rows.Count;
    }
}
