using Credits.Ledger.Lots;

namespace Credits.Ledger.Clawbacks;

/// <summary>
/// Credits taken back because the money behind them went back (a refund, a lost dispute). What
/// could be taken at once is recorded by lot, so a reversal can return it; what could not was
/// already spent and is owed, repaid from the next credits that arrive, oldest debt first. The
/// debt changes only by <see cref="Repay"/> and <see cref="Reverse"/>.
/// </summary>
internal sealed class Clawback
{
    private long _owedOutstanding;
    private bool _reversed;
    private bool _changed;

    public required string AccountId { get; init; }

    /// <summary>What caused it (a refund id); unique per account.</summary>
    public required string Reference { get; init; }
    public required long Amount { get; init; }
    public required IReadOnlyList<LotPart> TakenParts { get; init; }
    public required long OwedInitial { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public long OwedOutstanding { get => _owedOutstanding; init => _owedOutstanding = value; }
    public bool Reversed { get => _reversed; init => _reversed = value; }

    /// <summary>True when the claw-back exists only in memory so far.</summary>
    public bool IsNew { get; init; }

    /// <summary>True when the claw-back must be written: new, or changed since it was loaded.</summary>
    public bool IsDirty => IsNew || _changed;

    /// <summary>Owed credits already repaid from later grants.</summary>
    public long Repaid => OwedInitial - _owedOutstanding;

    /// <summary>Takes <paramref name="amount"/> off the debt, repaid from credits that arrived.</summary>
    public void Repay(long amount)
    {
        if (_reversed || amount <= 0 || amount > _owedOutstanding)
        {
            throw new InvalidOperationException($"Claw-back {Reference} of {AccountId} cannot be repaid {amount} of {_owedOutstanding} owed.");
        }
        _owedOutstanding -= amount;
        _changed = true;
    }

    /// <summary>Undoes the claw-back once; returns the debt it cancels.</summary>
    public long Reverse()
    {
        if (_reversed)
        {
            throw new InvalidOperationException($"Claw-back {Reference} of {AccountId} was reversed already.");
        }
        var cancelled = _owedOutstanding;
        _owedOutstanding = 0;
        _reversed = true;
        _changed = true;
        return cancelled;
    }
}
