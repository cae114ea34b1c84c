using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// The journal's hash chain: each entry's hash, and each account's last hash so that a batch chains
/// its new entries without reading the journal. Both start empty; <see cref="BackfillJournalHashChain"/> fills them.
/// </summary>
[Migration(2026120501, "Journal hash chain columns")]
public sealed class AddJournalHashChain : Migration
{
    /// <inheritdoc />
    public override void Up()
    {
        // Binary: bytea on PostgreSQL, BLOB on SQLite. Nullable, because entries written before
        // the chain existed have no hash until the back-fill reaches them.
        Alter.Table("journal").AddColumn("hash").AsBinary().Nullable();
        Alter.Table("accounts").AddColumn("last_hash").AsBinary().Nullable();
    }

    /// <inheritdoc />
    public override void Down()
    {
        Delete.Column("hash").FromTable("journal");
        Delete.Column("last_hash").FromTable("accounts");
    }
}
