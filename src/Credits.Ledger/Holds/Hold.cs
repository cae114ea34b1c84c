using Credits.Ledger.Lots;

namespace Credits.Ledger.Holds;

/// <summary>
/// Credits pinned to specific lots (a reservation, or a dispute's freeze). It ends exactly once,
/// through <see cref="End"/>, which refuses a second ending and marks the hold changed; while active,
/// <see cref="Extend"/> may move its expiry later.
/// </summary>
internal sealed class Hold
{
    private HoldState _state;
    private long _committed;
    private long _released;
    private DateTimeOffset? _endedAt;
    private DateTimeOffset _expiresAt;
    private bool _changed;
    private long _refunded;
    private IReadOnlyList<LotPart> _committedParts = [];

    public required string HoldId { get; init; }
    public required string AccountId { get; init; }
    public required long Amount { get; init; }
    public required DateTimeOffset ExpiresAt { get => _expiresAt; init => _expiresAt = value; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required IReadOnlyList<LotPart> Parts { get; init; }
    public required string Feature { get; init; }
    public HoldPurpose Purpose { get; init; }

    /// <summary>What caused a freeze (a dispute id); empty for reservations.</summary>
    public string Reference { get; init; } = "";

    public HoldState State { get => _state; init => _state = value; }
    public long Committed { get => _committed; init => _committed = value; }
    public long Released { get => _released; init => _released = value; }
    public DateTimeOffset? EndedAt { get => _endedAt; init => _endedAt = value; }

    /// <summary>Credits of the commit given back so far by RefundCharge; never more than <see cref="Committed"/>.</summary>
    public long Refunded { get => _refunded; init => _refunded = value; }

    /// <summary>
    /// The lots the commit debited, in the order it drew them (burn-down order); empty before a
    /// commit, and on holds committed before refunds existed.
    /// </summary>
    public IReadOnlyList<LotPart> CommittedParts { get => _committedParts; init => _committedParts = value; }

    /// <summary>Credits of a committed hold that a refund may still give back.</summary>
    public long Refundable => _state == HoldState.Committed ? _committed - _refunded : 0;

    /// <summary>True when the hold exists only in memory so far.</summary>
    public bool IsNew { get; init; }

    /// <summary>True when the hold must be written: new, or ended since it was loaded.</summary>
    public bool IsDirty => IsNew || _changed;

    public bool IsActive => _state == HoldState.Active;

    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt <= now;

    /// <summary>Moves an active hold's expiry later (ExtendHold); the rule checked the lifetime cap.</summary>
    public void Extend(DateTimeOffset expiresAt)
    {
        if (_state != HoldState.Active || expiresAt <= _expiresAt)
        {
            throw new InvalidOperationException($"Hold {HoldId} ({_state}, expiring {_expiresAt:O}) cannot be extended to {expiresAt:O}.");
        }
        _expiresAt = expiresAt;
        _changed = true;
    }

    /// <summary>Ends an active hold in <paramref name="state"/>, debiting <paramref name="committed"/> credits; the rest is released.</summary>
    public void End(HoldState state, long committed, DateTimeOffset now, IReadOnlyList<LotPart>? committedParts = null)
    {
        if (_state != HoldState.Active || state == HoldState.Active || committed < 0 || committed > Amount
            || (committed > 0 && state != HoldState.Committed))
        {
            throw new InvalidOperationException($"Hold {HoldId} ({_state}) cannot end as {state} with {committed} of {Amount} committed.");
        }
        _state = state;
        _committed = committed;
        _released = Amount - committed;
        _endedAt = now;
        _committedParts = committedParts ?? [];
        _changed = true;
    }

    /// <summary>Records <paramref name="amount"/> more credits refunded; the rule checked they are refundable.</summary>
    public void Refund(long amount)
    {
        if (amount <= 0 || amount > Refundable)
        {
            throw new InvalidOperationException($"Hold {HoldId} ({_state}, {_refunded} of {_committed} refunded) cannot refund {amount} more.");
        }
        _refunded += amount;
        _changed = true;
    }
}
