namespace Credits.Ledger.Engine;

/// <summary>What every rule needs besides the account: the moment of the batch and the policies.</summary>
internal sealed record RuleContext(DateTimeOffset Now, LedgerOptions Options);
