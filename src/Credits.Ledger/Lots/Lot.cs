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

    /// <summary>
    /// How many of this lot's unused credits may still move into a rollover lot when it expires (0:
    /// none). Rolling over lowers it, so credits released after the expiry roll over only up to
    /// what is left of the cap.
    /// </summary>
    public long RolloverCap { get; set; }

    /// <summary>When a rollover lot made from this lot expires; set exactly when <see cref="RolloverCap"/> was set at grant time.</summary>
    public DateTimeOffset? RolloverExpiresAt { get; init; }
    public long Held { get; set; }

    /// <summary>True when the lot exists only in memory so far.</summary>
    public bool IsNew { get; init; }

    /// <summary>True when the lot changed in memory and must be written.</summary>
    public bool IsDirty { get; set; }

    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt is { } expiresAt && expiresAt <= now;

    /// <summary>Credits of this lot that can be reserved at <paramref name="now"/>.</summary>
    public long AvailableAt(DateTimeOffset now) => IsExpiredAt(now) ? 0 : Remaining - Held;
}
