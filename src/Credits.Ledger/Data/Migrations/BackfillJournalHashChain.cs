using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// Computes the hash chain of journals written before it existed (<see cref="JournalChainBackfill"/>).
/// It runs outside a migration transaction: the back-fill commits account by account, in batches of
/// entries, so a large journal never sits in one giant transaction, and a back-fill that stops
/// half-way resumes where it stopped the next time migrations run (this migration is only recorded
/// as applied once it has finished).
/// </summary>
[Migration(2026120502, TransactionBehavior.None, "Journal hash chain back-fill")]
public sealed class BackfillJournalHashChain : Migration
{
    /// <inheritdoc />
    public override void Up() =>
        Execute.WithConnection((connection, _) => JournalChainBackfill.Run((System.Data.Common.DbConnection)connection));

    /// <inheritdoc />
    public override void Down()
    {
        // Nothing to undo: the columns it filled are dropped by the migration that added them.
    }
}
