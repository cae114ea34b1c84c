using Credits.Ledger.Data;

namespace Credits.Server.Data;

/// <summary>The <c>Database</c> configuration section: which engine holds the ledger and how to reach it.</summary>
public sealed class DatabaseOptions
{
    /// <summary>The configuration section bound to this class.</summary>
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (the zero-setup default) or <c>Postgres</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>The ADO.NET connection string; the default is an SQLite file in the working directory.</summary>
    public string ConnectionString { get; set; } = "Data Source=credits.db";

    /// <summary>
    /// What to do when PostgreSQL runs with <c>fsync</c> or <c>synchronous_commit</c> off, where an
    /// acknowledged commit can be lost in a crash: <c>Refuse</c> to start (the default) or
    /// <c>Warn</c> loudly and run (throwaway test databases).
    /// </summary>
    public DurabilityPolicy UnsafeDurability { get; set; } = DurabilityPolicy.Refuse;
}
