namespace Credits.Ledger.Rules;

/// <summary>
/// Where a keyed command's idempotency key lives: keys are scoped by caller and by this account,
/// which is also the account whose lane the command takes.
/// </summary>
internal readonly record struct IdempotencyScope(string AccountId, string Key);
