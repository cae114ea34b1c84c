using Credits.Ledger.Coherence;
using Credits.Ledger.Data;

namespace Credits.Server.Background;

/// <summary>
/// Runs the <see cref="PostgresChangeRelay"/> when the database is PostgreSQL, which other server
/// instances may share. An SQLite file belongs to one process, so there is nobody to tell.
/// </summary>
internal sealed class PeerChangeRelayService(LedgerDatabase database, PostgresChangeRelay relay) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        database.Provider == DatabaseProvider.Postgres ? relay.RunAsync(stoppingToken) : Task.CompletedTask;
}
