namespace Credits.Ledger.Lots;

/// <summary>How many credits of one lot a change moved.</summary>
public sealed record LotPart(string LotId, long Amount);
