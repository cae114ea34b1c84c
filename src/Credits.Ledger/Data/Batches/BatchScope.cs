namespace Credits.Ledger.Data.Batches;

/// <summary>
/// What a store scoped by the batch's accounts reads for: the accounts the commands name (of the
/// kinds the store cares for) and the holds they name, whose owners the load locks too.
/// </summary>
internal sealed record BatchScope(IReadOnlyList<string> AccountIds, IReadOnlyList<string> HoldIds);
