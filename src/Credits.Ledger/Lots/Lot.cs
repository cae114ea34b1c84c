namespace Credits.Ledger.Lots;

/// <summary>
/// One grant of credits. <see cref="Remaining"/> counts credits not yet spent, of which
/// <see cref="Held"/> are pinned by active holds; the rest is available while the lot is unexpired.
/// </summary>
internal sealed class Lot
{
    public required string LotId { get; init; }
    public required string AccountId { get; init; }
    public required Bucket Bucket { get; init; }
    public required int Priority { get; init; }
    public required long Amount { get; init; }
    public required DateTimeOffset? ExpiresAt { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string Reference { get; init; }
    public long Remaining { get; set; }
    public long Held { get; set; }

    /// <summary>True when the lot exists only in memory so far.</summary>
    public bool IsNew { get; init; }

    /// <summary>True when the lot changed in memory and must be written.</summary>
    public bool IsDirty { get; set; }

    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt is { } expiresAt && expiresAt <= now;

    /// <summary>Credits of this lot that can be reserved at <paramref name="now"/>.</summary>
    public long AvailableAt(DateTimeOffset now) => IsExpiredAt(now) ? 0 : Remaining - Held;
}
