namespace Credits.Ledger.Data;

/// <summary>The databases the ledger runs on, from one code path.</summary>
public enum DatabaseProvider
{
    /// <summary>An embedded SQLite file: the zero-setup default.</summary>
    Sqlite,
    /// <summary>PostgreSQL through Npgsql: production.</summary>
    Postgres,
}
