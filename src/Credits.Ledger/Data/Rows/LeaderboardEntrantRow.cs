using LinqToDB.Mapping;

namespace Credits.Ledger.Data.Rows;

/// <summary>An account that opted in to the leaderboard, and the name it shows there.</summary>
[Table("leaderboard_entrants")]
internal sealed class LeaderboardEntrantRow
{
    [Column("account_id"), PrimaryKey] public string AccountId { get; set; } = "";
    [Column("display_name")] public string DisplayName { get; set; } = "";
    [Column("joined_at_ms")] public long JoinedAtMs { get; set; }
}
