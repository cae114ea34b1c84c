namespace Credits.Bench.Scenarios;

/// <summary>The database under the ledger server.</summary>
internal enum ProviderKind
{
    Postgres,
    Sqlite,
}
