using Credits.Ledger.Lots;

namespace Credits.Ledger.Holds;

/// <summary>Credits pinned to specific lots (a reservation, or a dispute's freeze); it ends exactly once.</summary>
internal sealed class Hold
{
    public required string HoldId { get; init; }
    public required string AccountId { get; init; }
    public required long Amount { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required IReadOnlyList<LotPart> Parts { get; init; }
    public required string Feature { get; init; }
    public HoldPurpose Purpose { get; init; }

    /// <summary>What caused a freeze (a dispute id); empty for reservations.</summary>
    public string Reference { get; init; } = "";
    public HoldState State { get; set; }
    public long Committed { get; set; }
    public long Released { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public bool IsNew { get; init; }
    public bool IsDirty { get; set; }

    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt <= now;
}
