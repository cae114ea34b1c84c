using Credits.Ledger.Lots;

namespace Credits.Ledger.Clawbacks;

/// <summary>
/// Credits taken back because the money behind them went back (a refund, a lost dispute). What
/// could be taken at once is recorded by lot, so a reversal can return it; what could not was
/// already spent and is owed, repaid from the next credits that arrive, oldest debt first.
/// </summary>
internal sealed class Clawback
{
    public required string AccountId { get; init; }

    /// <summary>What caused it (a refund id); unique per account.</summary>
    public required string Reference { get; init; }
    public required long Amount { get; init; }
    public required IReadOnlyList<LotPart> TakenParts { get; init; }
    public required long OwedInitial { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public long OwedOutstanding { get; set; }
    public bool Reversed { get; set; }
    public bool IsNew { get; init; }
    public bool IsDirty { get; set; }

    /// <summary>Owed credits already repaid from later grants.</summary>
    public long Repaid => OwedInitial - OwedOutstanding;
}
