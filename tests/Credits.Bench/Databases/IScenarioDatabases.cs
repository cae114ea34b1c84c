using Credits.Bench.Scenarios;

namespace Credits.Bench.Databases;

/// <summary>
/// Where a provider's scenario databases live. The run seeds one template through the ledger, seals
/// it, and gives every scenario a fresh copy of it, so that each scenario starts from the same
/// seeded state without seeding again.
/// </summary>
internal interface IScenarioDatabases
{
    /// <summary>The database engine.</summary>
    ProviderKind Provider { get; }

    /// <summary>Creates an empty database <paramref name="name"/>; returns the server's connection string for it.</summary>
    Task<string> CreateEmptyAsync(string name, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="sql"/> (statements the two engines share) on <paramref name="name"/> while no server uses it.</summary>
    Task ExecuteAsync(string name, string sql, CancellationToken cancellationToken);

    /// <summary>Finishes the template <paramref name="name"/> once its seeding server has stopped.</summary>
    Task SealTemplateAsync(string name, CancellationToken cancellationToken);

    /// <summary>Creates <paramref name="name"/> as a copy of <paramref name="template"/>; returns the server's connection string for it.</summary>
    Task<string> CopyAsync(string template, string name, CancellationToken cancellationToken);

    /// <summary>Removes <paramref name="name"/>.</summary>
    Task DropAsync(string name, CancellationToken cancellationToken);

    /// <summary>The connection string for the raw-SQL baseline on <paramref name="name"/>, or null where there is none.</summary>
    string? RawSqlConnectionString(string name);
}
