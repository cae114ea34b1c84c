using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// Accounts that chose to appear on the leaderboard, under the name they chose: the board never
/// shows an account that did not opt in, nor any account id.
/// </summary>
[Migration(2026120650, "Leaderboard entrants (opt-in)")]
public sealed class AddLeaderboardEntrants : Migration
{
    /// <inheritdoc />
    public override void Up() => Execute.Sql(
        """
        CREATE TABLE leaderboard_entrants (
            account_id    TEXT    NOT NULL PRIMARY KEY,
            display_name  TEXT    NOT NULL,
            joined_at_ms  BIGINT  NOT NULL
        )
        """);

    /// <inheritdoc />
    public override void Down() => Delete.Table("leaderboard_entrants");
}
