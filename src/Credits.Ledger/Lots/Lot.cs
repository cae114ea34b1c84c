namespace Credits.Ledger.Lots;

/// <summary>
/// One grant of credits. <see cref="Remaining"/> counts credits not yet spent, of which
/// <see cref="Held"/> are pinned by active holds; the rest is available while the lot is unexpired.
/// The counters change only through the methods below, each of which checks that the lot stays
/// whole (0 &lt;= held &lt;= remaining &lt;= amount) and marks the lot changed.
/// </summary>
internal sealed class Lot
{
    private long _remaining;
    private long _held;
    private long _rolloverCap;
    private int? _expiryWarnedDays;
    private bool _changed;

    public required string LotId { get; init; }
    public required string AccountId { get; init; }
    public required Bucket Bucket { get; init; }
    public required int Priority { get; init; }
    public required long Amount { get; init; }
    public required DateTimeOffset? ExpiresAt { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string Reference { get; init; }

    /// <summary>
    /// The features this lot pays for, normalised (<see cref="LotFeatures.Normalise"/>); empty: an
    /// unscoped lot, which pays for anything. A scoped lot pays only a Reserve for one of these.
    /// </summary>
    public IReadOnlyList<string> Features { get; init; } = [];

    /// <summary>True when the lot pays only for its <see cref="Features"/>.</summary>
    public bool IsScoped => Features.Count > 0;

    /// <summary>True when the lot is scoped to <paramref name="feature"/> (never for a reserve by amount, null).</summary>
    public bool IsScopedTo(string? feature)
    {
        if (feature is null)
        {
            return false;
        }
        foreach (var scoped in Features)
        {
            if (string.Equals(scoped, feature, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    public long Remaining { get => _remaining; init => _remaining = value; }

    public long Held { get => _held; init => _held = value; }

    /// <summary>
    /// How many of this lot's unused credits may still move into a rollover lot when it expires (0:
    /// none). Rolling over lowers it, so credits released after the expiry roll over only up to
    /// what is left of the cap.
    /// </summary>
    public long RolloverCap { get => _rolloverCap; init => _rolloverCap = value; }

    /// <summary>When a rollover lot made from this lot expires; set exactly when <see cref="RolloverCap"/> was set at grant time.</summary>
    public DateTimeOffset? RolloverExpiresAt { get; init; }

    /// <summary>The nearest expiry warning given for this lot, in days before it expires; null before the first.</summary>
    public int? ExpiryWarnedDays { get => _expiryWarnedDays; init => _expiryWarnedDays = value; }

    /// <summary>Records that the warning <paramref name="daysBefore"/> days before expiry was given; each day is given once.</summary>
    public void MarkExpiryWarned(int daysBefore)
    {
        Require(daysBefore > 0 && (_expiryWarnedDays is null || daysBefore < _expiryWarnedDays), $"warn {daysBefore} days before expiry after {_expiryWarnedDays}");
        _expiryWarnedDays = daysBefore;
        _changed = true;
    }

    /// <summary>True when the lot exists only in memory so far.</summary>
    public bool IsNew { get; init; }

    /// <summary>True when the lot must be written: new, or changed since it was loaded.</summary>
    public bool IsDirty => IsNew || _changed;

    /// <summary>Credits neither spent nor pinned, whether or not the lot has expired.</summary>
    public long Unheld => _remaining - _held;

    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt is { } expiresAt && expiresAt <= now;

    /// <summary>Credits of this lot that can be reserved at <paramref name="now"/>.</summary>
    public long AvailableAt(DateTimeOffset now) => IsExpiredAt(now) ? 0 : Unheld;

    /// <summary>Pins unheld credits to a hold.</summary>
    public void Pin(long amount)
    {
        Require(amount > 0 && amount <= Unheld, $"pin {amount} of {Unheld} unheld");
        _held += amount;
        _changed = true;
    }

    /// <summary>Gives pinned credits back to the lot's unheld credits.</summary>
    public void Unpin(long amount)
    {
        Require(amount > 0 && amount <= _held, $"unpin {amount} of {_held} held");
        _held -= amount;
        _changed = true;
    }

    /// <summary>Ends a pin of <paramref name="pinned"/> credits of which <paramref name="spent"/> are debited; the rest is unheld again.</summary>
    public void SpendPinned(long pinned, long spent)
    {
        Require(pinned > 0 && pinned <= _held && spent >= 0 && spent <= pinned, $"spend {spent} of a pin of {pinned} ({_held} held)");
        _held -= pinned;
        _remaining -= spent;
        _changed = true;
    }

    /// <summary>Removes unheld credits (moved, clawed back, repaid or expired).</summary>
    public void Take(long amount)
    {
        Require(amount > 0 && amount <= Unheld, $"take {amount} of {Unheld} unheld");
        _remaining -= amount;
        _changed = true;
    }

    /// <summary>Puts back credits a claw-back took from this lot.</summary>
    public void Restore(long amount)
    {
        Require(amount > 0 && _remaining + amount <= Amount, $"restore {amount} to {_remaining} of {Amount}");
        _remaining += amount;
        _changed = true;
    }

    /// <summary>Lowers what may still roll over, as a rollover carries credits out of this lot.</summary>
    public void UseRolloverCap(long amount)
    {
        Require(amount > 0 && amount <= _rolloverCap, $"roll over {amount} of a cap of {_rolloverCap}");
        _rolloverCap -= amount;
        _changed = true;
    }

    private void Require(bool condition, string what)
    {
        if (!condition)
        {
            // Callers decide amounts from the lot's own counters, so a refusal here is a bug in a rule.
            throw new InvalidOperationException($"Lot {LotId} of {AccountId} cannot {what}.");
        }
    }
}
